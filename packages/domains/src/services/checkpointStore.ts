/** Keeps each workflow's run checkpoint in an atomic JSON file, so a killed or failed run can resume. */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf, writeFileAtomic } from '@oneiric/core/internal';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { WorkflowCheckpoint } from '../models/workflowCheckpoint.js';

/**
 * Options of a {@link CheckpointStore}.
 * @category Bridges and services
 */
export interface CheckpointStoreOptions {
  /** Directory under which `workflows/<key>.json` files live; in memory when absent. */
  readonly cacheDir?: string;
}

/**
 * One checkpoint per workflow key (the run in progress or the last failed run). Every save
 * replaces the file atomically, so a process killed at any moment leaves the previous or the
 * new checkpoint, never a torn one. Saves of one key are written in call order.
 * @category Bridges and services
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

  /**
   * The key's checkpoint, or undefined when there is none (no file).
   * @throws DomainError `checkpointFailed` naming the file when it exists but cannot be read or
   *   is not a checkpoint (broken JSON, wrong shape): resuming from it, or silently starting
   *   over, would both be wrong
   */
  public async load(workflow: string): Promise<WorkflowCheckpoint | undefined> {
    await this.#queues.get(workflow);
    return this.#read(workflow);
  }

  async #read(workflow: string): Promise<WorkflowCheckpoint | undefined> {
    const file = this.fileOf(workflow);
    if (file === undefined) {
      return this.#memory.get(workflow);
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw new DomainError(DomainErrorKind.checkpointFailed, `The checkpoint of workflow ${workflow} cannot be read: ${file} (${messageOf(error)})`, { domain: 'workflow', key: workflow, file }, error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new DomainError(DomainErrorKind.checkpointFailed, `The checkpoint of workflow ${workflow} is not valid JSON: ${file} (${messageOf(error)}); remove it to start over`, { domain: 'workflow', key: workflow, file }, error);
    }
    const candidate = parsed as Partial<WorkflowCheckpoint> | null;
    if (typeof candidate !== 'object' || candidate === null || typeof candidate.runId !== 'string' || typeof candidate.nodes !== 'object' || candidate.nodes === null) {
      throw new DomainError(DomainErrorKind.checkpointFailed, `The checkpoint of workflow ${workflow} is not a checkpoint: ${file}; remove it to start over`, { domain: 'workflow', key: workflow, file });
    }
    return candidate as WorkflowCheckpoint;
  }

  /**
   * Saves the key's checkpoint.
   * @throws DomainError `checkpointFailed` when it cannot be serialised (a BigInt, a cycle) or written
   */
  public save(checkpoint: WorkflowCheckpoint): Promise<void> {
    return this.#enqueue(checkpoint.workflow, async () => {
      const file = this.fileOf(checkpoint.workflow);
      const context = { domain: 'workflow', key: checkpoint.workflow, ...(file === undefined ? {} : { file }) };
      let text: string;
      try {
        text = `${JSON.stringify(checkpoint, null, 2)}\n`;
      } catch (error) {
        throw new DomainError(DomainErrorKind.checkpointFailed, `The checkpoint of workflow ${checkpoint.workflow} cannot be serialised: ${messageOf(error)}`, context, error);
      }
      if (file === undefined) {
        this.#memory.set(checkpoint.workflow, checkpoint);
        return;
      }
      try {
        await writeFileAtomic(file, text);
      } catch (error) {
        throw new DomainError(DomainErrorKind.checkpointFailed, `The checkpoint of workflow ${checkpoint.workflow} cannot be written: ${file} (${messageOf(error)})`, context, error);
      }
    });
  }

  /**
   * Removes the key's checkpoint (after a run completed). With `runId`, only a checkpoint of
   * that run is removed: another run's checkpoint (e.g. a failed run waiting for a resume) stays.
   * An unreadable checkpoint is left alone when `runId` is given.
   */
  public clear(workflow: string, runId?: string): Promise<void> {
    return this.#enqueue(workflow, async () => {
      if (runId !== undefined) {
        const current = await this.#read(workflow).catch(() => undefined);
        if (current?.runId !== runId) {
          return;
        }
      }
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
