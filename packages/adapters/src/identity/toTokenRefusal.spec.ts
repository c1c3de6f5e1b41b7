import { errors } from 'jose';
import { TokenRefusalReason } from './tokenRejectedError.js';
import { toTokenRefusal } from './toTokenRefusal.js';

describe('toTokenRefusal', () => {
  const claims = { sub: 'x' };

  describe('with a claim check that failed', () => {
    it('maps iss, aud, nbf and a future iat to their reasons, naming the claim', () => {
      expect(toTokenRefusal(new errors.JWTClaimValidationFailed('unexpected "iss" claim value', claims, 'iss', 'check_failed'))).toEqual({ reason: TokenRefusalReason.wrongIssuer, claim: 'iss' });
      expect(toTokenRefusal(new errors.JWTClaimValidationFailed('unexpected "aud" claim value', claims, 'aud', 'check_failed'))).toEqual({ reason: TokenRefusalReason.wrongAudience, claim: 'aud' });
      expect(toTokenRefusal(new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', claims, 'nbf', 'check_failed'))?.reason).toBe(TokenRefusalReason.notYetValid);
      expect(toTokenRefusal(new errors.JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', claims, 'iat', 'check_failed'))?.reason).toBe(TokenRefusalReason.notYetValid);
    });

    it('maps an exp in the past, and an iat older than the maximum age, to expired', () => {
      expect(toTokenRefusal(new errors.JWTExpired('"exp" claim timestamp check failed', claims, 'exp', 'check_failed'))?.reason).toBe(TokenRefusalReason.expired);
      expect(toTokenRefusal(new errors.JWTExpired('"iat" claim timestamp check failed (too far in the past)', claims, 'iat', 'check_failed'))?.reason).toBe(TokenRefusalReason.expired);
    });
  });

  describe('with a claim that is missing or not a number', () => {
    // A missing exp is not an expired token: the token was never bounded in time.
    it('maps it to missingClaim, whichever claim it is', () => {
      expect(toTokenRefusal(new errors.JWTClaimValidationFailed('missing required "exp" claim', claims, 'exp', 'missing'))).toEqual({ reason: TokenRefusalReason.missingClaim, claim: 'exp' });
      expect(toTokenRefusal(new errors.JWTClaimValidationFailed('"exp" claim must be a number', claims, 'exp', 'invalid'))?.reason).toBe(TokenRefusalReason.missingClaim);
      expect(toTokenRefusal(new errors.JWTClaimValidationFailed('missing required "email" claim', claims, 'email', 'missing'))?.reason).toBe(TokenRefusalReason.missingClaim);
    });
  });

  describe('with signature, key and format errors', () => {
    it('maps them to badSignature, unknownKey, algorithmNotAllowed and malformed', () => {
      expect(toTokenRefusal(new errors.JWSSignatureVerificationFailed())?.reason).toBe(TokenRefusalReason.badSignature);
      expect(toTokenRefusal(new errors.JWKSNoMatchingKey())?.reason).toBe(TokenRefusalReason.unknownKey);
      expect(toTokenRefusal(new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed'))?.reason).toBe(TokenRefusalReason.algorithmNotAllowed);
      expect(toTokenRefusal(new errors.JWSInvalid('Invalid Compact JWS'))?.reason).toBe(TokenRefusalReason.malformed);
      expect(toTokenRefusal(new errors.JWTInvalid('JWT Claims Set must be a top-level JSON object'))?.reason).toBe(TokenRefusalReason.malformed);
    });
  });

  describe('with a failure of the key set service', () => {
    // A timeout or an unreadable key set is the issuer's fault: the caller answers 503, not 401.
    it('returns undefined', () => {
      expect(toTokenRefusal(new errors.JWKSTimeout())).toBeUndefined();
      expect(toTokenRefusal(new errors.JWKSInvalid('JSON Web Key Set malformed'))).toBeUndefined();
      expect(toTokenRefusal(new Error('fetch failed'))).toBeUndefined();
    });
  });
});
