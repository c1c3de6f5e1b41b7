/** Errors raised while activating, swapping, draining or closing a key's instance. */
import { OneiricError, type OneiricErrorContext } from './oneiricError.js';

/**
 * What failed in the lifecycle.
 * @category Errors
 */
export enum LifecycleErrorKind {
  /** No candidate qualifies for the key (or the requested provider is not registered). */
  noCandidate = 'noCandidate',
  /** The provider's settings failed validation. */
  settingsInvalid = 'settingsInvalid',
  /** The container could not build the instance. */
  buildFailed = 'buildFailed',
  /** `init()` threw or rejected. */
  initFailed = 'initFailed',
  /** `health()` returned false or threw. */
  healthFailed = 'healthFailed',
  /** A step (init, health, hook, cleanup) exceeded its timeout. */
  timeout = 'timeout',
  /** A pre-swap hook threw. */
  hookFailed = 'hookFailed',
  /** The application is closed; nothing more can be activated. */
  closed = 'closed',
  /** The shared status file stayed locked by another process past the time limit. */
  statusFileLocked = 'statusFileLocked',
}

/**
 * A lifecycle step failed; the message names the domain, key and provider and the step.
 * @category Errors
 */
export class LifecycleError extends OneiricError {
  public readonly family = 'LifecycleError';

  /**
   * @param kind - what failed
   * @param message - one line naming domain, key, provider and step
   * @param context - domain, key, provider
   * @param cause - the underlying error
   */
  public constructor(
    public readonly kind: LifecycleErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
