/** Errors raised while validating and registering provider metadata. */
import { OneiricError, type OneiricErrorContext } from './oneiricError.js';

/**
 * What was wrong with a registration.
 * @category Errors
 */
export enum RegistrationErrorKind {
  /** The class carries no Oneiric provider decorator. */
  missingMetadata = 'missingMetadata',
  /** The domain is not one of the six known domains. */
  invalidDomain = 'invalidDomain',
  /** The key is empty or has characters outside `[A-Za-z0-9_.:-]`. */
  invalidKey = 'invalidKey',
  /** The provider name is empty or malformed. */
  invalidProvider = 'invalidProvider',
  /** The priority is not a safe integer. */
  invalidPriority = 'invalidPriority',
  /** The stack level is not a safe integer. */
  invalidStackLevel = 'invalidStackLevel',
  /** A capability name is empty or not a string. */
  invalidCapability = 'invalidCapability',
  /** The factory is neither a class nor a function. */
  invalidFactory = 'invalidFactory',
  /** The candidate source is not a known source. */
  invalidSource = 'invalidSource',
  /** A package name given to `registerPackage` is empty or malformed. */
  invalidPackage = 'invalidPackage',
}

/**
 * Bad provider metadata, detected when a candidate is registered; the message names the class.
 * @category Errors
 */
export class RegistrationError extends OneiricError {
  public readonly family = 'RegistrationError';

  /**
   * @param kind - what was wrong
   * @param message - one line naming the class and the offending value
   * @param context - domain, key, provider and class name when known
   */
  public constructor(
    public readonly kind: RegistrationErrorKind,
    message: string,
    context: OneiricErrorContext = {},
  ) {
    super(message, context);
  }
}
