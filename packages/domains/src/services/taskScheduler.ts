/** Runs tasks on cron expressions and intervals, without overlapping runs, respecting pause and drain. */
import { createSilentLogger, type OneiricLogger } from '@oneiric/core';
import { nextCronTime } from '../calculations/nextCronTime.js';
import { parseCron, type CronSchedule } from '../calculations/parseCron.js';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { TaskMetadata } from '../models/taskMetadata.js';
import type { TaskBridge } from './taskBridge.js';

/**
 * Options of a {@link TaskScheduler}.
 * @category Bridges and services
 */
export interface TaskSchedulerOptions {
  /** Schedules from configuration, by task key; each replaces what the task declares. */
  readonly schedules?: Readonly<Record<string, TaskMetadata>>;
  /** Logger for failed runs. */
  readonly logger?: OneiricLogger;
  /** Clock, injectable for tests (default `Date.now`). */
  readonly now?: () => number;
  /** How long `stop()` waits for runs in progress, in milliseconds (default 10 000). */
  readonly stopTimeoutMs?: number;
}

/** The longest delay setTimeout honours (2^31-1 ms, about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

interface Plan {
  readonly key: string;
  readonly cron: CronSchedule | undefined;
  readonly intervalMs: number | undefined;
  readonly allowOverlap: boolean;
  timer: NodeJS.Timeout | undefined;
  running: number;
}

/**
 * Schedules every task whose winner declares `cron` or `intervalMs` in its metadata, or that
 * configuration schedules. A due run is skipped (and recorded as skipped) while the task's
 * previous run is still going (unless `allowOverlap`), and while the key is paused or draining
 * (in the application's admission or in the activity store).
 * Cron times are computed in UTC.
 * @category Bridges and services
 */
export class TaskScheduler {
  readonly #tasks: TaskBridge;
  readonly #logger: OneiricLogger;
  readonly #now: () => number;
  readonly #configured: Readonly<Record<string, TaskMetadata>>;
  readonly #stopTimeoutMs: number;
  readonly #plans = new Map<string, Plan>();
  readonly #running = new Set<Promise<unknown>>();
  #isStarted = false;

  /**
   * @param tasks - the task bridge that runs and records
   * @param options - configured schedules, logger, clock
   */
  public constructor(tasks: TaskBridge, options: TaskSchedulerOptions = {}) {
    this.#tasks = tasks;
    this.#logger = options.logger ?? createSilentLogger();
    this.#now = options.now ?? Date.now;
    this.#configured = options.schedules ?? {};
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  }

  /** Keys scheduled right now. */
  public get scheduledKeys(): string[] {
    return [...this.#plans.keys()];
  }

  /**
   * Reads every task's schedule and arms its timer.
   * @throws DomainError `alreadyStarted` on a second call; `invalidSchedule` for a bad cron
   *   expression or interval, before any timer is armed
   */
  public start(): void {
    if (this.#isStarted) {
      throw new DomainError(DomainErrorKind.alreadyStarted, 'The task scheduler is already started');
    }
    const declared = new Map<string, TaskMetadata>();
    for (const candidate of this.#tasks.app.winners('task')) {
      declared.set(candidate.key, candidate.metadata as TaskMetadata);
    }
    // A configured schedule replaces the declared one as a whole: merging a cron with an interval would be ambiguous.
    for (const [key, schedule] of Object.entries(this.#configured)) {
      declared.set(key, schedule);
    }
    const plans: Plan[] = [];
    for (const [key, metadata] of declared) {
      const plan = planOf(key, metadata);
      if (plan !== undefined) {
        plans.push(plan);
      }
    }
    this.#isStarted = true;
    for (const plan of plans) {
      this.#plans.set(plan.key, plan);
      this.#arm(plan);
    }
  }

  /**
   * Disarms every timer and waits for runs in progress, at most `stopTimeoutMs`; runs still
   * going then are logged and left to finish on their own.
   */
  public async stop(): Promise<void> {
    for (const plan of this.#plans.values()) {
      clearTimeout(plan.timer);
    }
    this.#plans.clear();
    this.#isStarted = false;
    if (this.#running.size === 0) {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), this.#stopTimeoutMs);
      timer.unref();
    });
    const isTimedOut = await Promise.race([Promise.allSettled([...this.#running]).then(() => false), timedOut]);
    clearTimeout(timer);
    if (isTimedOut) {
      this.#logger.warn('task scheduler stopped with runs still in progress', { running: this.#running.size, stopTimeoutMs: this.#stopTimeoutMs });
    }
  }

  // Plans the next run after `from` (never at or before it, so an early wake-up cannot fire twice).
  #arm(plan: Plan, from = this.#now()): void {
    const due = plan.cron === undefined ? from + (plan.intervalMs ?? 0) : nextCronTime(plan.cron, from);
    if (due === undefined) {
      this.#logger.warn('cron schedule never fires again', { domain: 'task', key: plan.key });
      return;
    }
    this.#waitUntil(plan, due);
  }

  // setTimeout fires after 1 ms for delays above 2^31-1 ms: wait in chunks, re-arming until the due time.
  #waitUntil(plan: Plan, due: number): void {
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, due - this.#now()));
    plan.timer = setTimeout(() => {
      if (this.#plans.get(plan.key) !== plan) {
        return;
      }
      const now = this.#now();
      if (now < due) {
        this.#waitUntil(plan, due);
        return;
      }
      this.#fire(plan);
      this.#arm(plan, Math.max(now, due));
    }, delay);
    plan.timer.unref();
  }

  #fire(plan: Plan): void {
    const startedAt = new Date().toISOString();
    const refusal = this.#tasks.refusalOf(plan.key);
    if (refusal !== undefined) {
      // Both flags read as paused: the pause is what must be lifted first.
      this.#tasks.record({ task: plan.key, trigger: 'schedule', status: 'skipped', startedAt, durationMs: 0, error: refusal.kind === 'draining' ? 'draining' : 'paused' });
      return;
    }
    if (plan.running > 0 && !plan.allowOverlap) {
      this.#tasks.record({ task: plan.key, trigger: 'schedule', status: 'skipped', startedAt, durationMs: 0, error: 'previous run still running' });
      return;
    }
    plan.running += 1;
    const run = this.#tasks.run(plan.key, undefined, { trigger: 'schedule' })
      .catch((error: unknown) => this.#logger.warn('scheduled task failed', { domain: 'task', key: plan.key, error: String(error) }))
      .finally(() => {
        plan.running -= 1;
        this.#running.delete(run);
      });
    this.#running.add(run);
  }
}

function planOf(key: string, metadata: TaskMetadata): Plan | undefined {
  const context = { domain: 'task', key };
  if (metadata.cron !== undefined) {
    if (typeof metadata.cron !== 'string') {
      throw new DomainError(DomainErrorKind.invalidSchedule, `Task ${key}: cron must be a string`, context);
    }
    return { key, cron: parseCron(metadata.cron), intervalMs: undefined, allowOverlap: metadata.allowOverlap === true, timer: undefined, running: 0 };
  }
  if (metadata.intervalMs !== undefined) {
    if (typeof metadata.intervalMs !== 'number' || !Number.isFinite(metadata.intervalMs) || metadata.intervalMs < 1) {
      throw new DomainError(DomainErrorKind.invalidSchedule, `Task ${key}: intervalMs must be a positive number of milliseconds`, context);
    }
    return { key, cron: undefined, intervalMs: metadata.intervalMs, allowOverlap: metadata.allowOverlap === true, timer: undefined, running: 0 };
  }
  return undefined;
}
