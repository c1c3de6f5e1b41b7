/** Errors raised by the domain bridges: refused work, bad workflow graphs, failed runs, bad payloads. */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/**
 * What went wrong in a bridge, so callers branch on `kind` rather than on message text.
 * @category Errors
 */
export enum DomainErrorKind {
  /** The key is paused: new work is refused until it is resumed. */
  paused = 'paused',
  /** The key is draining: new work is refused until draining is cleared. */
  draining = 'draining',
  /** The key is both paused and draining. */
  pausedAndDraining = 'pausedAndDraining',
  /** No candidate qualifies for the key (or the requested provider/capabilities). */
  noCandidate = 'noCandidate',
  /** The provider lacks the method its domain's contract requires (`handle`, `run`, `execute`). */
  missingMethod = 'missingMethod',
  /** A workflow graph has a cycle; the message names the nodes on it. */
  workflowCycle = 'workflowCycle',
  /** A workflow node depends on a node that does not exist. */
  workflowUnknownDependency = 'workflowUnknownDependency',
  /** Two workflow nodes share an id. */
  workflowDuplicateNode = 'workflowDuplicateNode',
  /** A workflow definition is malformed (no nodes, a node without id or task, a bad field). */
  workflowInvalid = 'workflowInvalid',
  /** A workflow node failed after its retries; the run is checkpointed and can be resumed. */
  workflowNodeFailed = 'workflowNodeFailed',
  /** A cron expression or schedule could not be parsed. */
  invalidSchedule = 'invalidSchedule',
  /** An action's payload failed validation against its payload class. */
  invalidPayload = 'invalidPayload',
  /** `start()` was called on something already started. */
  alreadyStarted = 'alreadyStarted',
  /**
   * `activity.json` exists but cannot be read or parsed: a change is refused rather than
   * overwriting the other keys' pauses; the message names the file.
   */
  activityStoreUnreadable = 'activityStoreUnreadable',
  /** The lock of `activity.json` stayed held by another live process for longer than the wait allowed. */
  activityStoreLocked = 'activityStoreLocked',
  /** A workflow key already has a run in progress in this process; the second run is refused. */
  workflowAlreadyRunning = 'workflowAlreadyRunning',
  /** A queue message does not carry the task or workflow run its topic expects (not JSON, another key). */
  invalidQueuedWork = 'invalidQueuedWork',
  /** Work was enqueued but no queue adapter (`adapter:queue`, or the key configured) is registered. */
  noQueue = 'noQueue',
  /** A workflow checkpoint could not be written (e.g. a result that is not JSON-serialisable) or read (unreadable, corrupt file). */
  checkpointFailed = 'checkpointFailed',
}

/**
 * A domain bridge refused or failed an operation; `context` names the domain, key and provider.
 * @category Errors
 */
export class DomainError extends OneiricError {
  /** Always `DomainError`. */
  public readonly family = 'DomainError';

  /**
   * @param kind - what went wrong
   * @param message - one line naming the domain, key and, for graphs, the nodes
   * @param context - domain, key, provider
   * @param cause - the underlying error
   */
  public constructor(
    public readonly kind: DomainErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
