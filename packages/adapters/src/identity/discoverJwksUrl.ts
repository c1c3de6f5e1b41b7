/** Reads an OpenID Connect issuer's key set URL from its discovery document. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { fetchBoundedJson, isSecureOrLoopback } from './fetchBoundedJson.js';

/** Where to look, and the limits of the request. */
export interface DiscoveryOptions {
  readonly issuer: string;
  readonly provider: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/**
 * GETs `${issuer}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0, section 4)
 * and returns its `jwks_uri`. The document's `issuer` must equal the configured one exactly
 * (section 4.3: a document served for another issuer is refused), and the key set URL must be
 * https (or loopback).
 * @throws AdapterError `timeout` or `requestFailed` when the document cannot be fetched,
 *   `invalidData` when it is not JSON, names another issuer or no usable `jwks_uri`
 */
export async function discoverJwksUrl(options: DiscoveryOptions): Promise<string> {
  const { issuer, provider } = options;
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const document = await fetchBoundedJson({ url, what: 'the discovery document', provider, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
  const refuse = (reason: string): AdapterError => new AdapterError(AdapterErrorKind.invalidData, `adapter:identity (${provider}): the discovery document of ${issuer} ${reason}`, { domain: 'adapter', key: 'identity', provider });
  if (document['issuer'] !== issuer) {
    throw refuse('names another issuer');
  }
  const jwksUri = document['jwks_uri'];
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri) || !isSecureOrLoopback(new URL(jwksUri))) {
    throw refuse('has no https jwks_uri');
  }
  return jwksUri;
}
