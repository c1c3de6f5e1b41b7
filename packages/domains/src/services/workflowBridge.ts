/** The bridge of the `workflow` domain: validates DAGs, runs them layer by layer with checkpoints, resumes. */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createSilentLogger, inSpan, retryWithBackoff, SpanAttribute, withTimeout, type Candidate, type Oneiric, type OneiricLogger, type Registrable } from '@oneiric/core';
import { candidateInputFromClass, messageOf } from '@oneiric/core/internal';
import { normaliseRetryPolicy, normaliseTimeoutMs } from '../calculations/normaliseRetryPolicy.js';
import { planWorkflow } from '../calculations/planWorkflow.js';
import { isRefusal } from '../calculations/isRefusal.js';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { RetryPolicy } from '../models/retryPolicy.js';
import type { WorkflowCheckpoint } from '../models/workflowCheckpoint.js';
import type { WorkflowDefinition, WorkflowNode } from '../models/workflowDefinition.js';
import type { WorkflowHookContext, WorkflowHooks } from '../models/workflowHooks.js';
import type { NodeOutcome, WorkflowRunResult } from '../models/workflowRunResult.js';
import { followDomainMeters } from '../telemetry/domainMeters.js';
import { DEFAULT_WORK_QUEUE_KEY, publishWork } from './publishWork.js';
import type { ActivityStore } from './activityStore.js';
import type { CheckpointStore } from './checkpointStore.js';
import { DomainBridge } from './domainBridge.js';
import type { TaskBridge } from './taskBridge.js';

/**
 * Options of a {@link WorkflowBridge}.
 * @category Bridges and services
 */
export interface WorkflowBridgeOptions {
  /** Hooks of every run (a run's own hooks run after these). */
  readonly hooks?: WorkflowHooks;
  /** Versions pinned by configuration, by workflow key (`workflows.options.versions`). */
  readonly versions?: Readonly<Record<string, string>>;
  /** Logger for hook failures. */
  readonly logger?: OneiricLogger;
  /** Time allowed for one attempt of a node without its own `timeoutMs`, in milliseconds (default 60 000). */
  readonly nodeTimeoutMs?: number;
  /** Key of the queue adapter `enqueue` publishes to (default `queue`, i.e. `adapter:queue`). */
  readonly queueKey?: string;
}

/**
 * Time allowed for one attempt of a workflow node when nothing else is set, in milliseconds.
 * @category Bridges and services
 */
export const DEFAULT_NODE_TIMEOUT_MS = 60_000;

/**
 * Options of {@link WorkflowBridge.run}.
 * @category Bridges and services
 */
export interface WorkflowRunOptions {
  /** Given to every node without its own payload; on resume, the checkpoint's context when absent. */
  readonly context?: unknown;
  /** Continue the key's checkpointed run, skipping its finished nodes. */
  readonly resume?: boolean;
  /** Run this version (the provider whose `metadata.version` matches). */
  readonly version?: string;
  /** Id of a new run (a UUID when absent). */
  readonly runId?: string;
  /** Hooks of this run only. */
  readonly hooks?: WorkflowHooks;
}

/**
 * A workflow as it will run: which candidate, its definition and its layers.
 * @category Bridges and services
 */
export interface WorkflowPlan {
  /** The candidate whose metadata holds the DAG. */
  readonly candidate: Candidate;
  /** The definition. */
  readonly definition: WorkflowDefinition;
  /** Node ids in dependency layers. */
  readonly layers: string[][];
}

/**
 * Runs workflows: the DAG in the workflow candidate's metadata is split into layers whose
 * nodes run concurrently, each node running its task through the {@link TaskBridge} with the
 * results of its dependencies. Each finished node is checkpointed; when a node fails for good
 * the run stops after its layer, the checkpoint is marked failed, and `run(key, { resume: true })`
 * continues from it. A completed run clears its checkpoint (only its own: a checkpoint another
 * run wrote meanwhile stays). One key runs once at a time in a process: a second concurrent
 * run is refused. Each node attempt has a time limit (`timeoutMs` of the node, else of the
 * definition, else the bridge's `nodeTimeoutMs`); a timed-out attempt fails and is retried.
 * @category Bridges and services
 */
export class WorkflowBridge extends DomainBridge {
  readonly #tasks: TaskBridge;
  readonly #checkpoints: CheckpointStore;
  readonly #hooks: WorkflowHooks;
  readonly #versions: Readonly<Record<string, string>>;
  readonly #logger: OneiricLogger;
  readonly #nodeTimeoutMs: number;
  // Keys with a run in progress in this process: they share one checkpoint, so one run at a time.
  readonly #runningKeys = new Set<string>();
  readonly #meters = followDomainMeters();
  readonly #queueKey: string;

  /**
   * @param app - the application
   * @param activity - the shared pause/drain store
   * @param tasks - the bridge that runs nodes' tasks
   * @param checkpoints - where runs are checkpointed
   * @param options - hooks, pinned versions, logger
   */
  public constructor(app: Oneiric, activity: ActivityStore, tasks: TaskBridge, checkpoints: CheckpointStore, options: WorkflowBridgeOptions = {}) {
    super('workflow', app, activity);
    this.#tasks = tasks;
    this.#checkpoints = checkpoints;
    this.#hooks = options.hooks ?? {};
    this.#versions = options.versions ?? {};
    this.#logger = options.logger ?? createSilentLogger();
    this.#nodeTimeoutMs = options.nodeTimeoutMs ?? DEFAULT_NODE_TIMEOUT_MS;
    this.#queueKey = options.queueKey ?? DEFAULT_WORK_QUEUE_KEY;
  }

  /**
   * Puts a run of the workflow on the queue adapter (topic `oneiric-workflow-<key>`) for a
   * {@link QueueWorker} of any process to run; a run whose consumer died is delivered again and
   * resumes from its checkpoint. The key need not accept work now.
   * @returns the message id
   * @throws the errors of {@link WorkflowBridge.plan} (checked now, not when the run starts);
   *   DomainError `noQueue` when no queue adapter is registered
   */
  public async enqueue(key: string, options: Pick<WorkflowRunOptions, 'context' | 'version'> = {}): Promise<string> {
    this.plan(key, options.version);
    return await publishWork(this.app, this.#queueKey, {
      kind: 'workflow', key, enqueuedAt: new Date().toISOString(),
      ...(options.context === undefined ? {} : { context: options.context }),
      ...(options.version === undefined ? {} : { version: options.version }),
    });
  }

  /**
   * Registers workflow classes (or inputs) after validating every DAG, all or nothing.
   * @throws DomainError `workflowCycle`, `workflowUnknownDependency`, `workflowDuplicateNode`
   *   or `workflowInvalid`, naming the workflow and the nodes; RegistrationError for bad metadata
   */
  public register(...entries: Registrable[]): Candidate[] {
    for (const entry of entries) {
      const input = typeof entry === 'function' ? candidateInputFromClass(entry) : entry;
      if (input.domain === 'workflow') {
        planWorkflow(input.key, input.metadata as unknown as WorkflowDefinition | undefined);
      }
    }
    return this.app.register(...entries);
  }

  /**
   * The candidate, definition and layers a run of `key` would use: the version asked for, else
   * the version pinned in configuration, else the key's winner (a selection pins a provider).
   * @throws DomainError `noCandidate` when no candidate (of that version) exists; the
   *   validation errors of {@link planWorkflow}
   */
  public plan(key: string, version?: string): WorkflowPlan {
    const wanted = version ?? this.#versions[key];
    let candidate: Candidate | undefined;
    if (wanted === undefined) {
      candidate = this.candidateFor(key);
    } else {
      // Among the candidates of that version, the best by priority, then stack level, then the latest registered.
      candidate = this.app.candidates('workflow', key)
        .filter((entry) => String((entry.metadata as { version?: unknown }).version) === wanted)
        .sort((a, b) => b.priority - a.priority || b.stackLevel - a.stackLevel || b.sequence - a.sequence)[0];
      if (candidate === undefined) {
        throw new DomainError(DomainErrorKind.noCandidate, `No candidate found for workflow:${key} with version ${wanted}`, { domain: 'workflow', key });
      }
    }
    const definition = candidate.metadata as unknown as WorkflowDefinition;
    return { candidate, definition, layers: planWorkflow(key, definition) };
  }

  /**
   * Runs (or resumes) the workflow.
   * @throws AdmissionError or DomainError `paused`/`draining` when the key refuses work; `workflowAlreadyRunning`
   *   when a run of the key is in progress in this process (they would share one checkpoint);
   *   `checkpointFailed` when the checkpoint to resume from is unreadable or corrupt, or the
   *   run's checkpoint cannot be written; `workflowNodeFailed` naming the failed nodes (cause:
   *   the first node's error; a node whose result is not JSON-serialisable fails with
   *   `checkpointFailed`) after checkpointing the run
   */
  public async run(key: string, options: WorkflowRunOptions = {}): Promise<WorkflowRunResult> {
    const refusal = this.refusalOf(key) ?? (this.#runningKeys.has(key)
      ? new DomainError(DomainErrorKind.workflowAlreadyRunning, `Workflow ${key} is already running in this process; wait for that run to finish`, { domain: 'workflow', key })
      : undefined);
    if (refusal !== undefined) {
      this.#meters().workflowRuns.add(1, { key, outcome: 'refused' });
      throw refusal;
    }
    this.#runningKeys.add(key);
    const started = performance.now();
    let outcome = 'failed';
    try {
      const result = await inSpan('oneiric.workflow.run', { attributes: { [SpanAttribute.domain]: 'workflow', [SpanAttribute.key]: key } }, async (span) => {
        const ran = await this.#run(key, options);
        span.setAttributes({ [SpanAttribute.provider]: ran.provider, [SpanAttribute.runId]: ran.runId, [SpanAttribute.resumedNodes]: ran.resumedNodes.length });
        return ran;
      });
      outcome = 'completed';
      return result;
    } finally {
      this.#runningKeys.delete(key);
      this.#meters().workflowRuns.add(1, { key, outcome });
      this.#meters().workflowRunDuration.record((performance.now() - started) / 1000, { key, outcome });
    }
  }

  async #run(key: string, options: WorkflowRunOptions): Promise<WorkflowRunResult> {
    const { candidate, definition, layers } = this.plan(key, options.version);
    const version = definition.version === undefined ? null : String(definition.version);
    const previous = options.resume === true ? await this.#checkpoints.load(key) : undefined;
    const isResumable = previous !== undefined && previous.provider === candidate.provider && previous.version === version;
    if (previous !== undefined && !isResumable) {
      this.#logger.warn('checkpoint belongs to another version; starting a new run', { domain: 'workflow', key, provider: candidate.provider });
    }
    const runId = isResumable ? previous.runId : options.runId ?? randomUUID();
    const context: unknown = options.context ?? (isResumable ? previous.context : undefined);
    const finished: Record<string, NodeOutcome> = isResumable ? { ...previous.nodes } : {};
    const resumedNodes = Object.keys(finished);
    const hooks = [this.#hooks, options.hooks ?? {}];
    const base: WorkflowHookContext = { workflow: key, runId };
    const nodesById = new Map(definition.nodes.map((node) => [node.id, node]));
    const checkpoint = (status: WorkflowCheckpoint['status'], error: string | null): WorkflowCheckpoint => ({
      workflow: key, provider: candidate.provider, version, runId, status, context, nodes: { ...finished }, error, updatedAt: new Date().toISOString(),
    });

    await this.#checkpoints.save(checkpoint('running', null));
    await this.#callHooks(hooks, 'onRunStart', base);
    for (const layer of layers) {
      const failures: Array<{ node: string; error: unknown }> = [];
      await Promise.all(layer.map(async (id) => {
        if (finished[id] !== undefined) {
          await this.#callHooks(hooks, 'onNodeSkip', { ...base, node: id });
          return;
        }
        const node = nodesById.get(id)!;
        try {
          const attributes = { [SpanAttribute.domain]: 'workflow', [SpanAttribute.key]: key, [SpanAttribute.provider]: candidate.provider, [SpanAttribute.node]: id, [SpanAttribute.runId]: runId };
          const outcome = await inSpan('oneiric.workflow.node', { attributes }, async (span) => {
            const ran = await this.#runNode(key, runId, node, node.retry ?? definition.retry, node.timeoutMs ?? definition.timeoutMs, context, finished, hooks);
            span.setAttribute(SpanAttribute.attempts, ran.attempts);
            return ran;
          });
          assertSerialisable(key, candidate.provider, id, outcome.value);
          finished[id] = outcome;
          await this.#checkpoints.save(checkpoint('running', null));
        } catch (error) {
          failures.push({ node: id, error });
          await this.#callHooks(hooks, 'onNodeError', { ...base, node: id, error });
        }
      }));
      if (failures.length > 0) {
        const first = failures[0]!;
        const message = `Workflow ${key} failed at node${failures.length > 1 ? 's' : ''} ${failures.map((failure) => failure.node).join(', ')}: ${messageOf(first.error)}`;
        try {
          await this.#checkpoints.save(checkpoint('failed', message));
        } catch (saveError) {
          // The run failed anyway: report the node's failure, not the checkpoint's.
          this.#logger.error('workflow checkpoint could not be saved after a failure', { domain: 'workflow', key, error: messageOf(saveError) });
        }
        const error = new DomainError(DomainErrorKind.workflowNodeFailed, message, { domain: 'workflow', key, provider: candidate.provider }, first.error);
        await this.#callHooks(hooks, 'onRunError', { ...base, error });
        throw error;
      }
    }
    await this.#checkpoints.clear(key, runId);
    await this.#callHooks(hooks, 'onRunComplete', base);
    return { workflow: key, provider: candidate.provider, version, runId, nodes: finished, resumedNodes };
  }

  /** The checkpoint of the key's unfinished run, if any. */
  public checkpoint(key: string): Promise<WorkflowCheckpoint | undefined> {
    return this.#checkpoints.load(key);
  }

  async #runNode(key: string, runId: string, node: WorkflowNode, retry: RetryPolicy | undefined, declaredTimeoutMs: unknown, context: unknown, finished: Readonly<Record<string, NodeOutcome>>, hooks: readonly WorkflowHooks[]): Promise<NodeOutcome> {
    await this.#callHooks(hooks, 'onNodeStart', { workflow: key, runId, node: node.id });
    const upstream = Object.fromEntries((node.dependsOn ?? []).map((dependency) => [dependency, finished[dependency]?.value]));
    const started = performance.now();
    let attempts = 0;
    const { policy, invalid } = normaliseRetryPolicy(retry);
    const timeoutMs = normaliseTimeoutMs(declaredTimeoutMs, this.#nodeTimeoutMs, 'timeoutMs', invalid);
    if (invalid.length > 0) {
      this.#logger.warn('workflow node has invalid fields; using their defaults', { domain: 'workflow', key, node: node.id, fields: invalid.join(', ') });
    }
    const label = `node ${node.id} of workflow ${key}`;
    const value = await retryWithBackoff(async (attempt) => {
      attempts = attempt;
      // A timed-out attempt is a failed attempt (a TimeoutError, so the retry policy applies).
      return withTimeout(this.#tasks.run(node.task, node.payload ?? context, { trigger: 'workflow', workflow: key, runId, node: node.id, upstream }), timeoutMs, label);
    }, {
      ...policy,
      // A paused task will not un-pause within a backoff delay: fail the node now, resume later.
      retryOn: (error) => !(error instanceof DomainError) && !isRefusal(error),
    });
    const outcome: NodeOutcome = { value, attempts, durationMs: performance.now() - started, finishedAt: new Date().toISOString() };
    await this.#callHooks(hooks, 'onNodeComplete', { workflow: key, runId, node: node.id, value });
    return outcome;
  }

  async #callHooks<K extends keyof WorkflowHooks>(hooks: readonly WorkflowHooks[], name: K, context: Parameters<NonNullable<WorkflowHooks[K]>>[0]): Promise<void> {
    for (const set of hooks) {
      const hook = set[name] as ((value: typeof context) => unknown) | undefined;
      if (hook === undefined) {
        continue;
      }
      try {
        await hook(context);
      } catch (error) {
        this.#logger.warn('workflow hook failed', { domain: 'workflow', key: context.workflow, hook: name, error: messageOf(error) });
      }
    }
  }
}

// Each result is checked on its own, so the node that produced an unsavable one is the one that fails.
function assertSerialisable(key: string, provider: string, node: string, value: unknown): void {
  try {
    JSON.stringify(value);
  } catch (error) {
    throw new DomainError(DomainErrorKind.checkpointFailed, `The result of node ${node} of workflow ${key} cannot be checkpointed (not JSON-serialisable): ${messageOf(error)}`, { domain: 'workflow', key, provider }, error);
  }
}
