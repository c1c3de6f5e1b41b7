/** The bridge of the `task` domain: runs a task's `run` on demand, from workflows and from the scheduler. */
import { performance } from 'node:perf_hooks';
import type { Oneiric } from '@oneiric/core';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { TaskOutcome, TaskTrigger } from '../models/taskOutcome.js';
import type { ActivityStore } from './activityStore.js';
import { DomainBridge } from './domainBridge.js';

/** What a task's `run` receives besides its payload. */
export interface TaskRunContext {
  /** What started the run. */
  readonly trigger: TaskTrigger;
  /** The workflow key, when run as a workflow node. */
  readonly workflow?: string;
  /** The workflow run id, when run as a workflow node. */
  readonly runId?: string;
  /** The node id, when run as a workflow node. */
  readonly node?: string;
  /** Results of the node's dependencies, by node id (empty outside workflows). */
  readonly upstream: Readonly<Record<string, unknown>>;
}

/** The contract of a task provider. */
export interface TaskHandler {
  /** Does the work; what it returns is kept in the outcome and passed downstream in workflows. */
  run(payload: unknown, context: TaskRunContext): unknown;
}

/** Options of a {@link TaskBridge}. */
export interface TaskBridgeOptions {
  /** Outcomes kept per task (default 20). */
  readonly historySize?: number;
}

/**
 * Runs tasks: `run(key, payload)` goes through the key's live reference (pause and drain
 * apply) and keeps each outcome, the last `historySize` per task.
 */
export class TaskBridge extends DomainBridge {
  readonly #historySize: number;
  readonly #history = new Map<string, TaskOutcome[]>();

  /**
   * @param app - the application
   * @param activity - the shared pause/drain store
   * @param options - history size
   */
  public constructor(app: Oneiric, activity: ActivityStore, options: TaskBridgeOptions = {}) {
    super('task', app, activity);
    this.#historySize = Math.max(1, options.historySize ?? 20);
  }

  /**
   * Runs the task and records the outcome.
   * @throws DomainError `paused`/`draining` (recorded as skipped), `noCandidate`,
   *   `missingMethod` when the provider has no `run`; whatever `run` throws (recorded as failed)
   */
  public async run(key: string, payload?: unknown, context: Partial<TaskRunContext> = {}): Promise<unknown> {
    const trigger = context.trigger ?? 'demand';
    const startedAt = new Date().toISOString();
    const started = performance.now();
    let handler: TaskHandler;
    try {
      handler = await this.use<TaskHandler>(key);
    } catch (error) {
      this.record({ task: key, trigger, status: error instanceof DomainError && isRefusal(error) ? 'skipped' : 'failed', startedAt, durationMs: performance.now() - started, error: messageOf(error) });
      throw error;
    }
    if (typeof handler.run !== 'function') {
      const error = new DomainError(DomainErrorKind.missingMethod, `Task ${key} has no run() method`, { domain: 'task', key });
      this.record({ task: key, trigger, status: 'failed', startedAt, durationMs: performance.now() - started, error: error.message });
      throw error;
    }
    try {
      const value: unknown = await handler.run(payload, { upstream: {}, ...context, trigger });
      this.record({ task: key, trigger, status: 'succeeded', startedAt, durationMs: performance.now() - started, value });
      return value;
    } catch (error) {
      this.record({ task: key, trigger, status: 'failed', startedAt, durationMs: performance.now() - started, error: messageOf(error) });
      throw error;
    }
  }

  /** Keeps an outcome (the scheduler records its skipped runs here too). */
  public record(outcome: TaskOutcome): void {
    const list = this.#history.get(outcome.task) ?? [];
    list.push(outcome);
    if (list.length > this.#historySize) {
      list.splice(0, list.length - this.#historySize);
    }
    this.#history.set(outcome.task, list);
  }

  /** The task's last outcomes, oldest first. */
  public history(key: string): TaskOutcome[] {
    return [...(this.#history.get(key) ?? [])];
  }
}

function isRefusal(error: DomainError): boolean {
  return error.kind === DomainErrorKind.paused || error.kind === DomainErrorKind.draining || error.kind === DomainErrorKind.pausedAndDraining;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
