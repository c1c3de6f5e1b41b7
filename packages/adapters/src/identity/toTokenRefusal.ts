/** Maps an error of `jose`'s JWT verification to the refusal reason it stands for (a pure calculation). */
import { TokenRefusalReason } from './tokenRejectedError.js';

/** The reason, and the claim concerned when jose names one. */
export interface TokenRefusal {
  readonly reason: TokenRefusalReason;
  readonly claim: string | undefined;
}

const BY_CODE: Readonly<Record<string, TokenRefusalReason>> = {
  ERR_JWT_EXPIRED: TokenRefusalReason.expired,
  ERR_JOSE_ALG_NOT_ALLOWED: TokenRefusalReason.algorithmNotAllowed,
  ERR_JWKS_NO_MATCHING_KEY: TokenRefusalReason.unknownKey,
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: TokenRefusalReason.unknownKey,
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: TokenRefusalReason.badSignature,
  ERR_JWS_INVALID: TokenRefusalReason.malformed,
  ERR_JWT_INVALID: TokenRefusalReason.malformed,
  // A key of the set that cannot be used with the token's algorithm (an RSA key for ES256).
  ERR_JOSE_NOT_SUPPORTED: TokenRefusalReason.algorithmNotAllowed,
};

const BY_CLAIM: Readonly<Record<string, TokenRefusalReason>> = {
  iss: TokenRefusalReason.wrongIssuer,
  aud: TokenRefusalReason.wrongAudience,
  nbf: TokenRefusalReason.notYetValid,
  // jose reports an iat in the future here; an iat older than maxTokenAge is ERR_JWT_EXPIRED.
  iat: TokenRefusalReason.notYetValid,
};

/**
 * The refusal for a jose error, or `undefined` when the error is not about the token (the key
 * set could not be fetched, timed out or is invalid: a failure of the service, not a refusal).
 * @param error - what `jwtVerify` threw
 * @example
 * ```ts
 * toTokenRefusal(new errors.JWTExpired('"exp" claim timestamp check failed', {})); // { reason: 'expired', claim: 'exp' }
 * ```
 */
export function toTokenRefusal(error: unknown): TokenRefusal | undefined {
  const { code, claim, reason: claimReason } = (error ?? {}) as { code?: unknown; claim?: unknown; reason?: unknown };
  const claimName = typeof claim === 'string' ? claim : undefined;
  // jose's reason: 'missing' (a required claim is absent), 'invalid' (not a number), 'check_failed'.
  if ((code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' || code === 'ERR_JWT_EXPIRED') && (claimReason === 'missing' || claimReason === 'invalid')) {
    return { reason: TokenRefusalReason.missingClaim, claim: claimName };
  }
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const reason = claimName === undefined ? undefined : BY_CLAIM[claimName];
    return { reason: reason ?? TokenRefusalReason.missingClaim, claim: claimName };
  }
  const reason = typeof code === 'string' ? BY_CODE[code] : undefined;
  return reason === undefined ? undefined : { reason, claim: claimName };
}
