/** The typed refusal of a token by an identity provider: one error kind, one reason per cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

/**
 * Why a token was refused; callers branch on it (a 401 for most, a refresh for `expired`).
 * @category Identity
 */
export enum TokenRefusalReason {
  /** Not a compact JWS JWT: wrong number of parts, bad base64url or JSON, over the size limit. */
  malformed = 'malformed',
  /** The header's `alg` is not in the provider's allowlist (`none` and HMAC never are). */
  algorithmNotAllowed = 'algorithmNotAllowed',
  /** No key of the issuer's key set (fetched again once, within the rate limit) matches the header's `kid` and `alg`. */
  unknownKey = 'unknownKey',
  /** The signature does not verify with the issuer's key. */
  badSignature = 'badSignature',
  /** `exp` is past beyond the clock tolerance, or `iat` is older than the maximum token age. */
  expired = 'expired',
  /** `nbf` or `iat` is in the future beyond the clock tolerance. */
  notYetValid = 'notYetValid',
  /** `iss` is not the configured issuer. */
  wrongIssuer = 'wrongIssuer',
  /** `aud` names none of the configured audiences. */
  wrongAudience = 'wrongAudience',
  /** A claim the provider checks or requires (`iss`, `aud`, `exp`, `sub`, one of `requiredClaims`) is missing or of the wrong type. */
  missingClaim = 'missingClaim',
}

/**
 * An AdapterError of kind `tokenRejected` with the `reason`. Its message names the reason and,
 * for claims, which claim; it never holds the token. The library's error is the cause.
 * @example
 * ```ts
 * try { await identity.verify(token); } catch (error) {
 *   if (error instanceof TokenRejectedError && error.reason === TokenRefusalReason.expired) { ... }
 * }
 * ```
 * @category Identity
 */
export class TokenRejectedError extends AdapterError {
  /**
   * @param reason - why the token was refused
   * @param message - one line naming the provider and the reason
   * @param provider - the identity provider's name
   * @param cause - the verification library's error, if any
   */
  public constructor(
    public readonly reason: TokenRefusalReason,
    message: string,
    provider: string,
    cause?: unknown,
  ) {
    super(AdapterErrorKind.tokenRejected, message, { domain: 'adapter', key: 'identity', provider }, cause);
  }
}
