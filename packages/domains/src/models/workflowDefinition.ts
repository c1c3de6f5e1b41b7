/** The DAG a `@Workflow` declares in its `metadata`: task nodes, their dependencies, a version. */
import type { RetryPolicy } from './retryPolicy.js';

/**
 * One node of a workflow: runs task `task` after every node in `dependsOn` finished.
 * @category Models
 */
export interface WorkflowNode {
  /** Unique id inside the workflow. */
  readonly id: string;
  /** The task key whose `run` executes the node. */
  readonly task: string;
  /** Ids of the nodes whose results this node needs. */
  readonly dependsOn?: readonly string[];
  /** Payload given to the task; the run's context when absent. */
  readonly payload?: unknown;
  /** Retries of the node's task. */
  readonly retry?: RetryPolicy;
  /**
   * Time allowed for one attempt of the node, in milliseconds; the definition's `timeoutMs`,
   * else the bridge's default (60 000) when absent. A timed-out attempt fails and is retried.
   */
  readonly timeoutMs?: number;
}

/**
 * Put this in `@Workflow(key, provider, { metadata: { ... } })`.
 * @example
 * ```ts
 * @Workflow('orders', 'v2', { metadata: { version: '2', nodes: [
 *   { id: 'fetch', task: 'fetch-order' },
 *   { id: 'bill', task: 'bill', dependsOn: ['fetch'], retry: { attempts: 3 } },
 * ] } })
 * class OrdersV2 {}
 * ```
 * @category Models
 */
export interface WorkflowDefinition {
  /** The workflow's version (free text, e.g. `2`); a run may ask for one. */
  readonly version?: string;
  /** The nodes. */
  readonly nodes: readonly WorkflowNode[];
  /** Retry policy of every node that declares none (the original ignored a DAG-level policy). */
  readonly retry?: RetryPolicy;
  /** Time allowed for one attempt of every node that declares none, in milliseconds (default 60 000). */
  readonly timeoutMs?: number;
}
