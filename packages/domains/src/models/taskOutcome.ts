/** The outcome of one task run, kept per task (the last N). */

/**
 * Why a task ran (`queue`: a message put on the queue by `TaskBridge.enqueue`).
 * @category Models
 */
export type TaskTrigger = 'schedule' | 'demand' | 'workflow' | 'queue';

/**
 * One run of a task (or one scheduled run that was skipped).
 * @category Models
 */
export interface TaskOutcome {
  /** The task key. */
  readonly task: string;
  /** What started it. */
  readonly trigger: TaskTrigger;
  /** `succeeded`, `failed`, or `skipped` (overlap, paused or draining). */
  readonly status: 'succeeded' | 'failed' | 'skipped';
  /** When it started (ISO 8601). */
  readonly startedAt: string;
  /** Duration, in milliseconds. */
  readonly durationMs: number;
  /** Error message, or why it was skipped. */
  readonly error?: string;
  /** What `run` returned. */
  readonly value?: unknown;
}
