/** The contract of the `identity` category: providers that verify bearer tokens and say who they belong to. */

/**
 * What a verified token says, after its signature and claims were checked.
 * @category Identity
 */
export interface VerifiedToken {
  /** The `sub` claim: who the token is about. */
  readonly subject: string;
  /** The `iss` claim, equal to the provider's configured issuer. */
  readonly issuer: string;
  /** The `aud` claim as a list (one of them is a configured audience). */
  readonly audience: readonly string[];
  /** The `exp` claim, when the token has one. */
  readonly expiresAt: Date | undefined;
  /** The signing algorithm (`alg` of the header), one of the allowlist. */
  readonly algorithm: string;
  /** The key id (`kid` of the header), when the token names one. */
  readonly keyId: string | undefined;
  /** Every claim of the payload, as signed. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Verifies bearer tokens; every method is async so a circuit breaker can guard it.
 * @category Identity
 */
export interface IdentityVerifier {
  /**
   * Verifies `token` and returns its claims.
   * @throws TokenRejectedError (AdapterError `tokenRejected`) with a `reason` when the token is refused;
   *   AdapterError `timeout` or `requestFailed` when the provider's keys could not be fetched
   */
  verify(token: string): Promise<VerifiedToken>;
}
