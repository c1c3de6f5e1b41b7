/** Errors raised by resiliency guards around provider calls. */
import { OneiricError, type OneiricErrorContext } from './oneiricError.js';

/**
 * Which guard refused or cut a call.
 * @category Errors
 */
export enum ResiliencyErrorKind {
  /** The provider's circuit breaker is open: the call was not made. */
  circuitOpen = 'circuitOpen',
  /** The call exceeded the breaker's call timeout. */
  callTimeout = 'callTimeout',
}

/**
 * A provider call refused or cut by a guard; the message names the domain, key and provider.
 * @category Errors
 */
export class ResiliencyError extends OneiricError {
  public readonly family = 'ResiliencyError';

  /**
   * @param kind - which guard
   * @param message - one line naming domain, key and provider
   * @param context - domain, key, provider
   * @param cause - the guard's own error
   */
  public constructor(
    public readonly kind: ResiliencyErrorKind,
    message: string,
    context: OneiricErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
