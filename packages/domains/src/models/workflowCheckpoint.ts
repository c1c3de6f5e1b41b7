/** The persisted progress of a workflow run, written after each finished node. */
import type { NodeOutcome } from './workflowRunResult.js';

/**
 * One run's checkpoint.
 * @category Models
 */
export interface WorkflowCheckpoint {
  /** The workflow key. */
  readonly workflow: string;
  /** The provider that ran. */
  readonly provider: string;
  /** The version that ran, when declared. */
  readonly version: string | null;
  /** Id of the run. */
  readonly runId: string;
  /** `running` while in progress (or killed), `failed` after a node failed. */
  readonly status: 'running' | 'failed';
  /** The context the run was started with. */
  readonly context: unknown;
  /** Finished nodes. */
  readonly nodes: Readonly<Record<string, NodeOutcome>>;
  /** Message of the failure, when failed. */
  readonly error: string | null;
  /** Last update (ISO 8601). */
  readonly updatedAt: string;
}
