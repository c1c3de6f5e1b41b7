/** Callbacks around a workflow run and each of its nodes. */

/**
 * What every hook receives about the run.
 * @category Models
 */
export interface WorkflowHookContext {
  /** The workflow key. */
  readonly workflow: string;
  /** Id of the run. */
  readonly runId: string;
}

/**
 * Hooks of workflow runs; each may be async. A hook's error is logged and never fails the run,
 * because observers must not change what they observe.
 * @category Models
 */
export interface WorkflowHooks {
  /** Before the first node. */
  readonly onRunStart?: (context: WorkflowHookContext) => unknown;
  /** After the last node succeeded. */
  readonly onRunComplete?: (context: WorkflowHookContext) => unknown;
  /** After a node failed for good. */
  readonly onRunError?: (context: WorkflowHookContext & { readonly error: unknown }) => unknown;
  /** Before a node's first attempt. */
  readonly onNodeStart?: (context: WorkflowHookContext & { readonly node: string }) => unknown;
  /** After a node succeeded. */
  readonly onNodeComplete?: (context: WorkflowHookContext & { readonly node: string; readonly value: unknown }) => unknown;
  /** When a node is skipped because the checkpoint already holds it. */
  readonly onNodeSkip?: (context: WorkflowHookContext & { readonly node: string }) => unknown;
  /** After a node failed for good. */
  readonly onNodeError?: (context: WorkflowHookContext & { readonly node: string; readonly error: unknown }) => unknown;
}
