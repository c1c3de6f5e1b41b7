/** What a queue message carries: a task run or a workflow run to do. */

/**
 * A task run put on the queue by `TaskBridge.enqueue`.
 * @category Models
 */
export interface QueuedTask {
  /** Always `task`. */
  readonly kind: 'task';
  /** The task key. */
  readonly key: string;
  /** The run's payload. */
  readonly payload?: unknown;
  /** When it was enqueued (ISO 8601). */
  readonly enqueuedAt: string;
}

/**
 * A workflow run put on the queue by `WorkflowBridge.enqueue`.
 * @category Models
 */
export interface QueuedWorkflow {
  /** Always `workflow`. */
  readonly kind: 'workflow';
  /** The workflow key. */
  readonly key: string;
  /** Given to every node without its own payload. */
  readonly context?: unknown;
  /** The version to run. */
  readonly version?: string;
  /** When it was enqueued (ISO 8601). */
  readonly enqueuedAt: string;
}

/**
 * A unit of queued work.
 * @category Models
 */
export type QueuedWork = QueuedTask | QueuedWorkflow;
