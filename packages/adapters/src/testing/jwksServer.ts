// Test-only stand-in for an OpenID Connect issuer: serves the discovery document (OpenID Connect
// Discovery 1.0, section 4: `issuer` and `jwks_uri` only) and a JSON Web Key Set (RFC 7517,
// section 5) over plain HTTP on 127.0.0.1, so that the real `jose` client code fetches and
// parses it. It does not cover TLS, Cache-Control headers, the rest of the discovery metadata,
// or token issuance (tests sign their own tokens with `jose`).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running stand-in issuer. */
export interface JwksServer {
  /** `http://127.0.0.1:<port>/`, the `iss` of its tokens and the base of its documents. */
  readonly issuer: string;
  /** Where the key set is served. */
  readonly jwksUrl: string;
  /** Replaces the served key set (a rotation). */
  setKeys(keys: readonly object[]): void;
  /** Requests served so far, by path. */
  requestCount(path: '/jwks.json' | '/.well-known/openid-configuration'): number;
  /** Changes how it answers: an issuer name in the discovery document, a delay, a padded body. */
  configure(options: { discoveryIssuer?: string; delayMs?: number; paddingBytes?: number }): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startJwksServer(initialKeys: readonly object[] = []): Promise<JwksServer> {
  let keys = initialKeys;
  let discoveryIssuer: string | undefined;
  let delayMs = 0;
  let paddingBytes = 0;
  const counts = new Map<string, number>();
  let issuer = '';
  const answer = (response: ServerResponse, body: object): void => {
    const text = JSON.stringify({ ...body, ...(paddingBytes > 0 ? { padding: 'x'.repeat(paddingBytes) } : {}) });
    const timer = setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(text);
    }, delayMs);
    response.on('close', () => clearTimeout(timer));
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (path === '/.well-known/openid-configuration') {
      answer(response, { issuer: discoveryIssuer ?? issuer, jwks_uri: `${issuer}jwks.json` });
    } else if (path === '/jwks.json') {
      answer(response, { keys });
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    issuer,
    jwksUrl: `${issuer}jwks.json`,
    setKeys: (next) => {
      keys = next;
    },
    requestCount: (path) => counts.get(path) ?? 0,
    configure: (options) => {
      discoveryIssuer = options.discoveryIssuer ?? discoveryIssuer;
      delayMs = options.delayMs ?? delayMs;
      paddingBytes = options.paddingBytes ?? paddingBytes;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
