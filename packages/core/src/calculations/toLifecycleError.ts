/** What a failed swap rejects with: any error thrown by a swap step, as a LifecycleError (a pure calculation). */
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { messageOf } from '../errors/messageOf.js';
import { OneiricError } from '../errors/oneiricError.js';
import { TimeoutError } from '../errors/timeoutError.js';

/**
 * A LifecycleError as it is; a TimeoutError as kind `timeout`; anything else as `buildFailed`
 * naming the swap (`label`), with the original as its cause.
 */
export function toLifecycleError(error: unknown, label: string, context: { domain: string; key: string; provider: string }): LifecycleError {
  if (error instanceof LifecycleError) {
    return error;
  }
  if (error instanceof TimeoutError) {
    return new LifecycleError(LifecycleErrorKind.timeout, error.message, context, error);
  }
  if (error instanceof OneiricError) {
    return new LifecycleError(LifecycleErrorKind.buildFailed, `Swap failed for ${label}: ${error.message}`, context, error);
  }
  return new LifecycleError(LifecycleErrorKind.buildFailed, `Swap failed for ${label}: ${messageOf(error)}`, context, error);
}
