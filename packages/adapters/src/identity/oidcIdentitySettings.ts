/** Settings of the OpenID Connect identity provider (`adapters.provider_settings.oidc`). */
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/**
 * Asymmetric JWS algorithms an issuer's key set can verify; HMAC and `none` are never accepted.
 * @category Identity
 */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

/**
 * Issuer, audiences, algorithm allowlist, clock tolerance, key set cache and limits of {@link OidcIdentity}.
 * @category Identity
 */
export class OidcIdentitySettings {
  /**
   * The issuer, exactly as tokens carry it in `iss` (`https://tenant.eu.auth0.com/`, trailing
   * slash included when the issuer has one). `https://` is required, except for a loopback
   * address (tests and local issuers).
   */
  @IsString() @MaxLength(2_048) @Matches(/^https?:\/\/\S+$/, { message: 'issuer must be an https:// URL' })
  public issuer = '';

  /** Accepted audiences: a token's `aud` must name one of them (Auth0: the API identifier). */
  @IsString({ each: true }) @MaxLength(2_048, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(50)
  public audience: string[] = [];

  /** The key set's URL; empty, the default, reads `jwks_uri` from `${issuer}/.well-known/openid-configuration`. */
  @IsString() @MaxLength(2_048) @Matches(/^$|^https?:\/\/\S+$/, { message: 'jwksUrl must be empty or an https:// URL' })
  public jwksUrl = '';

  /** Accepted signing algorithms (header `alg`); a token signed otherwise is refused as `algorithmNotAllowed`. */
  @IsIn(OIDC_ALGORITHMS, { each: true }) @ArrayMinSize(1)
  public algorithms: string[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

  /** Allowed clock skew when checking `exp`, `nbf` and `iat`, in seconds. */
  @IsInt() @Min(0) @Max(600)
  public clockToleranceSeconds = 30;

  /** Oldest accepted token by its `iat`, in seconds; 0, the default, sets no limit beyond `exp`. */
  @IsInt() @Min(0) @Max(31_536_000)
  public maxTokenAgeSeconds = 0;

  /** Claims a token must carry besides `iss`, `aud`, `exp` and `sub` (`email`, `azp`). */
  @IsString({ each: true }) @Matches(/^[A-Za-z0-9_.:-]{1,128}$/, { each: true, message: 'each required claim must be a plain claim name' }) @ArrayMaxSize(50)
  public requiredClaims: string[] = [];

  /** Limit on each fetch of the discovery document or key set, in milliseconds. */
  @IsInt() @Min(1) @Max(60_000)
  public requestTimeoutMs = 5_000;

  /**
   * Least time between two fetches of the key set caused by an unknown `kid`, in milliseconds: a
   * flood of tokens naming made-up keys costs the issuer at most one request per period, and a
   * key the issuer just rotated in is picked up on the first token that uses it.
   */
  @IsInt() @Min(0) @Max(86_400_000)
  public refetchCooldownMs = 30_000;

  /** How long a fetched key set is used before it is fetched again, in milliseconds. */
  @IsInt() @Min(1_000) @Max(604_800_000)
  public cacheMaxAgeMs = 600_000;

  /** Longest token accepted, in bytes; a longer one is refused as `malformed` before any parsing. */
  @IsInt() @Min(256) @Max(1_048_576)
  public maxTokenBytes = 16_384;

  /** Largest discovery document or key set accepted, in bytes. */
  @IsInt() @Min(1_024) @Max(16_777_216)
  public maxDocumentBytes = 1_048_576;
}
