/** Identity provider for any OpenID Connect issuer (Auth0, Keycloak, Entra ID...): verifies JWTs against its published keys with `jose` (an optional peer dependency). */
import { identityKey } from '../adapterKeys.js';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { Adapter, InjectSettings } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { discoverJwksUrl } from './discoverJwksUrl.js';
import { fetchBoundedBytes, fetchBoundedJson, isSecureOrLoopback } from './fetchBoundedJson.js';
import type { IdentityVerifier, VerifiedToken } from './identityVerifier.js';
import { OidcIdentitySettings } from './oidcIdentitySettings.js';
import { TokenRefusalReason, TokenRejectedError } from './tokenRejectedError.js';
import { toTokenRefusal } from './toTokenRefusal.js';
import { messageOf } from '@oneiric/core/internal';

const PROVIDER = 'oidc';
const USER = { category: 'identity', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'identity', provider: PROVIDER } as const;

interface Ready {
  readonly jose: typeof import('jose');
  readonly keys: JWTVerifyGetKey & { reload(): Promise<void> };
  readonly jwksUrl: string;
}

/**
 * Verifies compact JWS JWTs (access or ID tokens) issued by one OpenID Connect issuer: the
 * signature with a key of the issuer's key set (JWKS), the algorithm against `algorithms`
 * (never `none` or HMAC), `iss`, `aud` (one of `audience`), `exp`, `nbf` and `iat` with
 * `clockToleranceSeconds`, and the presence of `sub` and `requiredClaims`.
 *
 * The key set comes from `jwksUrl` or the issuer's discovery document, is fetched at `init` and
 * kept `cacheMaxAgeMs`; a token naming a `kid` the cached set lacks (the issuer rotated keys)
 * fetches it again at once, but at most once per `refetchCooldownMs`, so made-up key ids cannot
 * flood the issuer. Every fetch has a time limit (`requestTimeoutMs`) and a size limit
 * (`maxDocumentBytes`) and follows no redirect.
 *
 * A refused token is a {@link TokenRejectedError} (AdapterError `tokenRejected`) whose `reason`
 * says why; a key set that cannot be fetched is AdapterError `timeout` or `requestFailed` (a
 * failure of the service, not of the token). No message holds the token. Priority 300.
 * @example
 * ```ts
 * const { subject, claims } = await identity.verify(bearerToken);
 * ```
 * @category Identity
 */
@Adapter(identityKey, PROVIDER, {
  priority: 300,
  settings: OidcIdentitySettings,
  capabilities: ['jwt', 'jwks-rotation'],
  description: 'OpenID Connect JWT verification (remote JWKS with rotation)',
})
export class OidcIdentity implements IdentityVerifier {
  readonly #settings: OidcIdentitySettings;
  #ready: Ready | undefined;

  /** @param settings - issuer, audiences, algorithms, clock tolerance, key set cache and limits */
  public constructor(@InjectSettings() settings: OidcIdentitySettings) {
    this.#settings = settings;
  }

  /**
   * Loads `jose`, finds the key set (discovery unless `jwksUrl` is set) and fetches it once.
   * @throws AdapterError `missingDependency` without jose; `invalidArgument` for an issuer or key
   *   set URL that is not https (or loopback); `timeout`, `requestFailed` or `invalidData` when
   *   the discovery document or key set cannot be fetched or read
   */
  public async init(): Promise<void> {
    if (this.#ready !== undefined) {
      return;
    }
    const jose = await loadOptionalDependency('jose', USER, () => import('jose'));
    const settings = this.#settings;
    if (!URL.canParse(settings.issuer) || !isSecureOrLoopback(new URL(settings.issuer))) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:identity (${PROVIDER}): the issuer must be an https:// URL (http only on a loopback address)`, CONTEXT);
    }
    const jwksUrl = settings.jwksUrl !== '' ? settings.jwksUrl : await discoverJwksUrl({ issuer: settings.issuer, provider: PROVIDER, timeoutMs: settings.requestTimeoutMs, maxBytes: settings.maxDocumentBytes });
    if (!isSecureOrLoopback(new URL(jwksUrl))) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:identity (${PROVIDER}): jwksUrl must be an https:// URL (http only on a loopback address)`, CONTEXT);
    }
    const keys = jose.createRemoteJWKSet(new URL(jwksUrl), {
      timeoutDuration: settings.requestTimeoutMs,
      cooldownDuration: settings.refetchCooldownMs,
      cacheMaxAge: settings.cacheMaxAgeMs,
      // Every fetch of the key set goes through the bounded reader (jose's own reads any size).
      [jose.customFetch]: async (url: string) => new Response(Buffer.from(await fetchBoundedBytes({ url, what: 'the key set', provider: PROVIDER, timeoutMs: settings.requestTimeoutMs, maxBytes: settings.maxDocumentBytes })), { status: 200 }),
    });
    try {
      await keys.reload();
    } catch (error) {
      throw this.#serviceError(error);
    }
    this.#ready = { jose, keys, jwksUrl };
  }

  /** {@inheritDoc IdentityVerifier.verify} */
  public async verify(token: string): Promise<VerifiedToken> {
    const { jose, keys } = this.#requireReady();
    const settings = this.#settings;
    if (typeof token !== 'string' || token.length === 0 || Buffer.byteLength(token) > settings.maxTokenBytes) {
      throw this.#refuse(TokenRefusalReason.malformed, `not a token of 1 to ${settings.maxTokenBytes} bytes`);
    }
    let verified: { payload: JWTPayload; protectedHeader: { alg: string; kid?: string } };
    try {
      verified = await jose.jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.algorithms,
        clockTolerance: settings.clockToleranceSeconds,
        ...(settings.maxTokenAgeSeconds > 0 ? { maxTokenAge: settings.maxTokenAgeSeconds } : {}),
        requiredClaims: ['exp', 'sub', ...settings.requiredClaims],
      });
    } catch (error) {
      const refusal = toTokenRefusal(error);
      if (refusal === undefined) {
        throw this.#serviceError(error);
      }
      throw this.#refuse(refusal.reason, refusal.claim === undefined ? '' : `claim ${refusal.claim}`, error);
    }
    const { payload, protectedHeader } = verified;
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw this.#refuse(TokenRefusalReason.missingClaim, 'claim sub is not a string');
    }
    const audience = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return {
      subject: payload.sub,
      issuer: settings.issuer,
      audience,
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1_000) : undefined,
      algorithm: protectedHeader.alg,
      keyId: protectedHeader.kid,
      claims: payload,
    };
  }

  /** True when the issuer's key set URL answers 200 with a JSON object holding a `keys` array, within `requestTimeoutMs`. */
  public async health(): Promise<boolean> {
    try {
      const { jwksUrl } = this.#requireReady();
      const document = await fetchBoundedJson({ url: jwksUrl, what: 'the key set', provider: PROVIDER, timeoutMs: this.#settings.requestTimeoutMs, maxBytes: this.#settings.maxDocumentBytes });
      return Array.isArray(document['keys']);
    } catch {
      return false;
    }
  }

  /** Forgets the key set; holds no connection. */
  public async cleanup(): Promise<void> {
    this.#ready = undefined;
    return Promise.resolve();
  }

  #refuse(reason: TokenRefusalReason, detail: string, cause?: unknown): TokenRejectedError {
    return new TokenRejectedError(reason, `adapter:identity (${PROVIDER}): token refused: ${reason}${detail === '' ? '' : ` (${detail})`}`, PROVIDER, cause);
  }

  // A failure to get or use the key set: the service's fault, not the token's.
  #serviceError(error: unknown): AdapterError {
    if (error instanceof AdapterError) {
      return error;
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_JWKS_TIMEOUT') {
      return new AdapterError(AdapterErrorKind.timeout, `adapter:identity (${PROVIDER}): fetching the key set took over ${this.#settings.requestTimeoutMs} ms`, CONTEXT, error);
    }
    const kind = code === 'ERR_JWKS_INVALID' || code === 'ERR_JOSE_GENERIC' ? AdapterErrorKind.invalidData : AdapterErrorKind.requestFailed;
    return new AdapterError(kind, `adapter:identity (${PROVIDER}): the key set could not be used: ${messageOf(error)}`, CONTEXT, error);
  }

  #requireReady(): Ready {
    if (this.#ready === undefined) {
      throw new AdapterError(AdapterErrorKind.notReady, `adapter:identity (${PROVIDER}) is not initialised (init() not called yet, or cleanup() already ran)`, CONTEXT);
    }
    return this.#ready;
  }
}
