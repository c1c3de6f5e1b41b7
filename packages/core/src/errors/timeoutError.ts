/** The error {@link withTimeout} rejects with when work runs past its deadline. */
import { ONEIRIC_ERROR_BRAND } from './errorBrand.js';

/**
 * Raised by `withTimeout`; `label` names the step, `timeoutMs` the limit.
 * @category Errors
 */
export class TimeoutError extends Error {
  /** Discriminator shared with Oneiric's error families. */
  public readonly kind = 'timeout';
  /** The brand {@link isOneiricError} recognises across copies of the package. */
  public readonly [ONEIRIC_ERROR_BRAND] = true;

  /**
   * @param label - the step that timed out (`init of adapter:cache (redis)`)
   * @param timeoutMs - the limit in milliseconds
   */
  public constructor(public readonly label: string, public readonly timeoutMs: number) {
    super(`${label} timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}
