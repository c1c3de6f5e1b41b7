/** Errors raised when a key cannot be resolved to a live provider. */
import { OneiricError, type OneiricErrorContext } from './oneiricError.js';

/**
 * Why a resolution failed.
 * @category Errors
 */
export enum ResolutionErrorKind {
  /** No candidate is registered for the key (or none passes the capability filter). */
  noCandidate = 'noCandidate',
  /** The key has no registered candidate at all (a typo?): the message names the nearest key. */
  unknownKey = 'unknownKey',
  /** An explicit provider was requested that is not registered for the key. */
  unknownProvider = 'unknownProvider',
  /** A live reference was used while its key had no bound winner. */
  notBound = 'notBound',
  /** The domain name is not one of the six known domains. */
  unknownDomain = 'unknownDomain',
}

/**
 * A key could not be resolved; the message names the domain, key and provider.
 * @category Errors
 */
export class ResolutionError extends OneiricError {
  public readonly family = 'ResolutionError';

  /**
   * @param kind - why resolution failed
   * @param message - one line naming domain, key and provider
   * @param context - domain, key and provider
   */
  public constructor(
    public readonly kind: ResolutionErrorKind,
    message: string,
    context: OneiricErrorContext = {},
  ) {
    super(message, context);
  }
}
