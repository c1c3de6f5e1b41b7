/** The bridge of the `task` domain: runs a task's `run` on demand, from workflows and from the scheduler. */
import { performance } from 'node:perf_hooks';
import { inSpan, SpanAttribute, withTimeout, type Oneiric } from '@oneiric/core';
import { normaliseTimeoutMs } from '../calculations/normaliseRetryPolicy.js';
import { isRefusal } from '../calculations/isRefusal.js';
import { messageOf } from '@oneiric/core/internal';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { TaskOutcome, TaskTrigger } from '../models/taskOutcome.js';
import { followDomainMeters } from '../telemetry/domainMeters.js';
import { DEFAULT_WORK_QUEUE_KEY, publishWork } from './publishWork.js';
import type { ActivityStore } from './activityStore.js';
import { DomainBridge } from './domainBridge.js';

/**
 * What a task's `run` receives besides its payload.
 * @category Bridges and services
 */
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

/**
 * The contract of a task provider.
 * @category Bridges and services
 */
export interface TaskHandler {
  /** Does the work; what it returns is kept in the outcome and passed downstream in workflows. */
  run(payload: unknown, context: TaskRunContext): unknown;
}

/**
 * Options of a {@link TaskBridge}.
 * @category Bridges and services
 */
export interface TaskBridgeOptions {
  /** Outcomes kept per task (default 20). */
  readonly historySize?: number;
  /** Time allowed for one run of a task whose metadata sets no `timeoutMs`, in milliseconds (default 60 000). */
  readonly timeoutMs?: number;
  /** Key of the queue adapter `enqueue` publishes to (default `queue`, i.e. `adapter:queue`). */
  readonly queueKey?: string;
}

/**
 * Time allowed for one task run when nothing else is set, in milliseconds.
 * @category Bridges and services
 */
export const DEFAULT_TASK_TIMEOUT_MS = 60_000;

/**
 * Runs tasks: `run(key, payload)` goes through the key's live reference (pause and drain
 * apply) and keeps each outcome, the last `historySize` per task. A run longer than the task's
 * `timeoutMs` (its metadata, else the bridge's `timeoutMs`, 60 000 by default) fails with a
 * `TimeoutError` and is recorded as failed; the work itself cannot be stopped and may go on.
 * @category Bridges and services
 */
export class TaskBridge extends DomainBridge {
  readonly #historySize: number;
  readonly #history = new Map<string, TaskOutcome[]>();
  readonly #timeoutMs: number;
  readonly #meters = followDomainMeters();
  readonly #queueKey: string;

  /**
   * @param app - the application
   * @param activity - the shared pause/drain store
   * @param options - history size
   */
  public constructor(app: Oneiric, activity: ActivityStore, options: TaskBridgeOptions = {}) {
    super('task', app, activity);
    this.#historySize = Math.max(1, options.historySize ?? 20);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
    this.#queueKey = options.queueKey ?? DEFAULT_WORK_QUEUE_KEY;
  }

  /**
   * Puts a run of the task on the queue adapter (topic `oneiric-task-<key>`) for a
   * {@link QueueWorker} of any process to run: it is acknowledged after the run succeeded and
   * delivered again when its consumer died first. The key need not accept work now: the run
   * waits in the queue while the key is paused or draining.
   * @returns the message id
   * @throws DomainError `noCandidate` when no task of that key is registered; `noQueue` when
   *   no queue adapter is registered; the queue adapter's error when publishing fails
   */
  public async enqueue(key: string, payload?: unknown): Promise<string> {
    this.candidateFor(key);
    return await publishWork(this.app, this.#queueKey, { kind: 'task', key, ...(payload === undefined ? {} : { payload }), enqueuedAt: new Date().toISOString() });
  }

  /**
   * Runs the task and records the outcome.
   * @throws AdmissionError or DomainError `paused`/`draining` (recorded as skipped), DomainError `noCandidate`,
   *   `missingMethod` when the provider has no `run`; whatever `run` throws (recorded as failed);
   *   TimeoutError when the run takes longer than its time limit (recorded as failed)
   */
  public run(key: string, payload?: unknown, context: Partial<TaskRunContext> = {}): Promise<unknown> {
    const trigger = context.trigger ?? 'demand';
    const attributes = { [SpanAttribute.domain]: 'task', [SpanAttribute.key]: key, [SpanAttribute.trigger]: trigger, ...(context.node === undefined ? {} : { [SpanAttribute.node]: context.node }) };
    return inSpan('oneiric.task.run', { attributes }, async (span) => {
      const value = await this.#run(key, payload, context, trigger);
      span.setAttribute(SpanAttribute.provider, this.app.active('task', key)?.provider ?? '');
      return value;
    });
  }

  async #run(key: string, payload: unknown, context: Partial<TaskRunContext>, trigger: TaskTrigger): Promise<unknown> {
    const startedAt = new Date().toISOString();
    const started = performance.now();
    let handler: TaskHandler;
    try {
      handler = await this.use<TaskHandler>(key);
    } catch (error) {
      this.record({ task: key, trigger, status: isRefusal(error) ? 'skipped' : 'failed', startedAt, durationMs: performance.now() - started, error: messageOf(error) });
      throw error;
    }
    if (typeof handler.run !== 'function') {
      const error = new DomainError(DomainErrorKind.missingMethod, `Task ${key} has no run() method`, { domain: 'task', key });
      this.record({ task: key, trigger, status: 'failed', startedAt, durationMs: performance.now() - started, error: error.message });
      throw error;
    }
    try {
      const declared = (this.app.active('task', key)?.metadata as { timeoutMs?: unknown } | undefined)?.timeoutMs;
      const timeoutMs = normaliseTimeoutMs(declared, this.#timeoutMs, 'timeoutMs', []);
      const value: unknown = await withTimeout(handler.run(payload, { upstream: {}, ...context, trigger }), timeoutMs, `task ${key}`);
      this.record({ task: key, trigger, status: 'succeeded', startedAt, durationMs: performance.now() - started, value });
      return value;
    } catch (error) {
      this.record({ task: key, trigger, status: 'failed', startedAt, durationMs: performance.now() - started, error: messageOf(error) });
      throw error;
    }
  }

  /** Keeps an outcome (the scheduler records its skipped runs here too) and counts it in `oneiric_task_runs_total`. */
  public record(outcome: TaskOutcome): void {
    this.#meters().taskRuns.add(1, { key: outcome.task, trigger: outcome.trigger, status: outcome.status });
    if (outcome.status !== 'skipped') {
      this.#meters().taskRunDuration.record(outcome.durationMs / 1000, { key: outcome.task, status: outcome.status });
    }
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
