/** Keeps each workflow's run checkpoint in an atomic JSON file, so a killed or failed run can resume. */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@oneiric/core';
import type { WorkflowCheckpoint } from '../models/workflowCheckpoint.js';

/** Options of a {@link CheckpointStore}. */
export interface CheckpointStoreOptions {
  /** Directory under which `workflows/<key>.json` files live; in memory when absent. */
  readonly cacheDir?: string;
}

/**
 * One checkpoint per workflow key (the run in progress or the last failed run). Every save
 * replaces the file atomically, so a process killed at any moment leaves the previous or the
 * new checkpoint, never a torn one. Saves of one key are written in call order.
 */
export class CheckpointStore {
  readonly #directory: string | undefined;
  readonly #memory = new Map<string, WorkflowCheckpoint>();
  readonly #queues = new Map<string, Promise<unknown>>();

  /** @param options - where to keep the files */
  public constructor(options: CheckpointStoreOptions = {}) {
    this.#directory = options.cacheDir === undefined ? undefined : join(options.cacheDir, 'workflows');
  }

  /** Path of the key's file, or undefined in memory. */
  public fileOf(workflow: string): string | undefined {
    return this.#directory === undefined ? undefined : join(this.#directory, `${encodeURIComponent(workflow)}.json`);
  }

  /** The key's checkpoint, or undefined when there is none (or it is unreadable). */
  public async load(workflow: string): Promise<WorkflowCheckpoint | undefined> {
    await this.#queues.get(workflow);
    const file = this.fileOf(workflow);
    if (file === undefined) {
      return this.#memory.get(workflow);
    }
    try {
      return JSON.parse(await readFile(file, 'utf8')) as WorkflowCheckpoint;
    } catch {
      return undefined;
    }
  }

  /** Saves the key's checkpoint. */
  public save(checkpoint: WorkflowCheckpoint): Promise<void> {
    return this.#enqueue(checkpoint.workflow, async () => {
      const file = this.fileOf(checkpoint.workflow);
      if (file === undefined) {
        this.#memory.set(checkpoint.workflow, checkpoint);
      } else {
        await writeFileAtomic(file, `${JSON.stringify(checkpoint, null, 2)}\n`);
      }
    });
  }

  /** Removes the key's checkpoint (after a run completed). */
  public clear(workflow: string): Promise<void> {
    return this.#enqueue(workflow, async () => {
      this.#memory.delete(workflow);
      const file = this.fileOf(workflow);
      if (file !== undefined) {
        await rm(file, { force: true });
      }
    });
  }

  #enqueue(workflow: string, write: () => Promise<void>): Promise<void> {
    const run = (this.#queues.get(workflow) ?? Promise.resolve()).then(write);
    this.#queues.set(workflow, run.catch(() => undefined));
    return run;
  }
}
