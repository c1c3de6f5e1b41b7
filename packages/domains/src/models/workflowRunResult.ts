/** What a workflow run reports, and what its checkpoint holds. */

/**
 * The outcome of one finished node.
 * @category Models
 */
export interface NodeOutcome {
  /** What the task returned. */
  readonly value: unknown;
  /** Attempts made. */
  readonly attempts: number;
  /** Duration of the node, in milliseconds. */
  readonly durationMs: number;
  /** When it finished (ISO 8601). */
  readonly finishedAt: string;
}

/**
 * The result of a run that completed.
 * @category Models
 */
export interface WorkflowRunResult {
  /** The workflow key. */
  readonly workflow: string;
  /** The provider (implementation) that ran. */
  readonly provider: string;
  /** The workflow version, when declared. */
  readonly version: string | null;
  /** Id of the run (kept across resumes). */
  readonly runId: string;
  /** Every node's outcome, by node id. */
  readonly nodes: Readonly<Record<string, NodeOutcome>>;
  /** Nodes skipped because a checkpoint already held them. */
  readonly resumedNodes: readonly string[];
}
