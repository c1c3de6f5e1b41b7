import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { FetchHttpClient } from './fetchHttpClient.js';
import { FetchHttpClientSettings } from './fetchHttpClientSettings.js';

// A real HTTP server on loopback whose routes script the situations under test.
let server: Server;
let baseUrl = '';
const hits = new Map<string, number>();

function route(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url ?? '/';
  const count = (hits.get(path) ?? 0) + 1;
  hits.set(path, count);
  if (path === '/json') {
    response.writeHead(200, { 'content-type': 'application/json', 'x-extra': 'yes' }).end(JSON.stringify({ ok: true }));
  } else if (path === '/echo') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => response.writeHead(201).end(`${request.method} ${Buffer.concat(chunks).toString()}`));
  } else if (path.startsWith('/flaky')) {
    // 503 twice, then 200.
    response.writeHead(count <= 2 ? 503 : 200).end(count <= 2 ? 'busy' : 'recovered');
  } else if (path.startsWith('/endless')) {
    // Chunked, no content-length: only counting the stream can stop it.
    response.writeHead(200);
    const chunk = Buffer.alloc(16 * 1024, 120);
    const timer = setInterval(() => response.write(chunk), 1);
    response.on('close', () => clearInterval(timer));
  } else if (path.startsWith('/declared')) {
    response.writeHead(200, { 'content-length': String(64 * 1024) }).end(Buffer.alloc(64 * 1024, 120));
  } else if (path.startsWith('/retry-after')) {
    // 503 asking for one second, then 200.
    response.writeHead(count <= 1 ? 503 : 200, count <= 1 ? { 'retry-after': '1' } : {}).end(count <= 1 ? 'busy' : 'recovered');
  } else if (path.startsWith('/slow')) {
    const timer = setTimeout(() => response.writeHead(200).end('late'), 2_000);
    response.on('close', () => clearTimeout(timer));
  } else {
    response.writeHead(404).end('not found');
  }
}

function client(overrides: Partial<FetchHttpClientSettings> = {}): FetchHttpClient {
  return new FetchHttpClient(Object.assign(new FetchHttpClientSettings(), { baseUrl, retryBaseDelayMs: 10 }, overrides));
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => hits.clear());

describe('FetchHttpClient', () => {
  describe('request with a response body over maxResponseBytes', () => {
    it('fails with AdapterError requestFailed while the body streams in, without retrying (an endless body must not exhaust memory)', async () => {
      const attempt = client({ maxResponseBytes: 100_000 }).request({ url: '/endless' });
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.requestFailed, message: expect.stringContaining('maxResponseBytes') });
      expect(hits.get('/endless')).toBe(1);
    });

    it('fails with AdapterError requestFailed from a larger declared content-length, before reading', async () => {
      const attempt = client({ maxResponseBytes: 1_000 }).request({ url: '/declared' });
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.requestFailed });
    });

    it('reads a body at the limit whole', async () => {
      const response = await client({ maxResponseBytes: 64 * 1024 }).request({ url: '/declared' });
      expect(response.body.byteLength).toBe(64 * 1024);
    });
  });

  describe('request', () => {
    it('returns status, lower-case headers and the body as text and JSON', async () => {
      const response = await client().request({ url: '/json' });
      expect(response.status).toBe(200);
      expect(response.headers['x-extra']).toBe('yes');
      expect(response.json()).toEqual({ ok: true });
      expect(response.attempts).toBe(1);
    });

    it('sends the method and body', async () => {
      const response = await client().request({ url: '/echo', method: 'post', body: 'hello' });
      expect(response.status).toBe(201);
      expect(response.text()).toBe('POST hello');
    });

    it('returns an error status that is not retried as a response', async () => {
      const response = await client().request({ url: '/missing' });
      expect(response.status).toBe(404);
      expect(hits.get('/missing')).toBe(1);
    });
  });

  describe('retry', () => {
    it('retries a GET on 503 until it succeeds', async () => {
      const response = await client().request({ url: '/flaky-get' });
      expect(response.status).toBe(200);
      expect(response.attempts).toBe(3);
    });

    it('returns the last 503 when the retries run out', async () => {
      const response = await client({ retries: 1 }).request({ url: '/flaky-out' });
      expect(response.status).toBe(503);
      expect(response.attempts).toBe(2);
    });

    it('never retries a POST (it could do the work twice)', async () => {
      const response = await client().request({ url: '/flaky-post', method: 'POST', body: 'x' });
      expect(response.status).toBe(503);
      expect(hits.get('/flaky-post')).toBe(1);
    });
  });

  describe('Retry-After', () => {
    // Failed before the fix: the 1 s the server asked for was ignored and the retry came after the ~10 ms backoff.
    it('waits the seconds a 503 asks for in Retry-After before retrying', async () => {
      const started = Date.now();
      const response = await client().request({ url: '/retry-after' });
      expect(response.status).toBe(200);
      expect(response.attempts).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });
  });

  describe('timeout', () => {
    // Failed before the fix: a time-out was reported as requestFailed, so callers could not tell it from a refused connection.
    it('fails with AdapterError timeout after every attempt timed out', async () => {
      const started = Date.now();
      const failure: unknown = await client({ retries: 1 }).request({ url: '/slow', timeoutMs: 100 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AdapterError);
      expect(failure).toMatchObject({ kind: AdapterErrorKind.timeout });
      expect((failure as Error).message).toContain('timed out after 100 ms');
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(hits.get('/slow')).toBe(2);
    });
  });

  describe('bad input', () => {
    it('refuses a URL that is not http(s) with AdapterError invalidArgument (fetch must not read files)', async () => {
      await expect(client({}).request({ url: 'file:///etc/passwd' })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses an unparsable URL with AdapterError invalidArgument without its password in the message (messages reach logs)', async () => {
      const attempt = new FetchHttpClient(new FetchHttpClientSettings()).request({ url: 'http://user:s3cret@ho st/' });
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      expect(await attempt.catch((error: Error) => error.message)).not.toContain('s3cret');
    });

    it('refuses a non-http URL with AdapterError invalidArgument without its password or token in the message', async () => {
      const attempt = new FetchHttpClient(new FetchHttpClientSettings()).request({ url: 'ftp://user:s3cret@host/file?token=t0ken' });
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      const message = await attempt.catch((error: Error) => error.message);
      expect(message).not.toMatch(/s3cret|t0ken/);
    });

    it('refuses a relative URL without a base URL with AdapterError invalidArgument', async () => {
      await expect(new FetchHttpClient(new FetchHttpClientSettings()).request({ url: '/json' })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses a negative timeout with AdapterError invalidArgument', async () => {
      await expect(client().request({ url: '/json', timeoutMs: -1 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('fails with requestFailed when nothing listens (connection refused on port 1)', async () => {
      await expect(client({ retries: 0 }).request({ url: 'http://127.0.0.1:1/' })).rejects.toMatchObject({ kind: AdapterErrorKind.requestFailed });
    });
  });

  describe('caller mistakes (checked before the first attempt, never retried, never leaking a credential)', () => {
    async function failureOf(attempt: Promise<unknown>): Promise<AdapterError> {
      const failure: unknown = await attempt.catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AdapterError);
      return failure as AdapterError;
    }

    // Failed before the fix: undici refused it with "...includes credentials: http://user:TopSecretPw@...",
    // which was put in a requestFailed message after 3 attempts.
    it('refuses a URL with user:password@ with AdapterError invalidArgument, without the credentials in the message', async () => {
      const failure = await failureOf(client().request({ url: `${baseUrl.replace('http://', 'http://user:TopSecretPw@')}/json` }));
      expect(failure.kind).toBe(AdapterErrorKind.invalidArgument);
      expect(failure.message).not.toContain('TopSecretPw');
      expect(`${String(failure.cause)} ${JSON.stringify(failure.cause)}`).not.toContain('TopSecretPw');
      expect(hits.size).toBe(0);
    });

    // Failed before the fix: the same undici message leaked the user name, which can be a token.
    it('refuses a URL with a user name only (it may be a token) without showing it', async () => {
      const failure = await failureOf(client().request({ url: `${baseUrl.replace('http://', 'http://ghp_T0kenAsUser@')}/json` }));
      expect(failure.kind).toBe(AdapterErrorKind.invalidArgument);
      expect(failure.message).not.toContain('ghp_T0kenAsUser');
    });

    // Failed before the fix: relative URLs inherit the base's credentials and undici echoed them.
    it('refuses a baseUrl setting with credentials without showing them', async () => {
      const failure = await failureOf(client({ baseUrl: baseUrl.replace('http://', 'http://user:TopSecretPw@') }).request({ url: '/json' }));
      expect(failure.kind).toBe(AdapterErrorKind.invalidArgument);
      expect(failure.message).not.toContain('TopSecretPw');
      expect(failure.message).toContain('baseUrl');
      expect(hits.size).toBe(0);
    });

    // Failed before the fix: undici's 'Headers.append: "Bearer s3cr3t-t0ken\n" is an invalid header value'
    // went into a requestFailed message, after retries.
    it.each([
      ['a value with a line break', { authorization: 'Bearer s3cr3t-t0ken\nx-injected: 1' }],
      ['a value with a character above U+00FF', { authorization: 'Bearer s3cr3t-t0ken€' }],
      ['a value that is not a string', { authorization: 42 as unknown as string }],
      ['a name that is not a token', { 'authorization: Bearer s3cr3t-t0ken': 'x' }],
      ['a hop-by-hop header undici refuses', { 'transfer-encoding': 's3cr3t-t0ken' }],
    ])('refuses a header with %s with AdapterError invalidArgument, never showing the value', async (_why, headers) => {
      const failure = await failureOf(client().request({ url: '/json', headers }));
      expect(failure.kind).toBe(AdapterErrorKind.invalidArgument);
      expect(failure.message).not.toContain('s3cr3t');
      expect(failure.cause).toBeUndefined();
      expect(hits.size).toBe(0);
    });

    // Failed before the fix: fetch's "Request with GET/HEAD method cannot have body" was retried 3 times as requestFailed.
    it('refuses a GET with a body with AdapterError invalidArgument, without any attempt', async () => {
      const failure = await failureOf(client().request({ url: '/echo', method: 'GET', body: 'x' }));
      expect(failure.kind).toBe(AdapterErrorKind.invalidArgument);
      expect(hits.size).toBe(0);
    });

    it('refuses a method fetch does not support (TRACE) with AdapterError invalidArgument', async () => {
      const failure = await failureOf(client().request({ url: '/json', method: 'TRACE' }));
      expect(failure.kind).toBe(AdapterErrorKind.invalidArgument);
    });

    it('still sends valid headers, trimmed, and a body with PUT', async () => {
      const response = await client().request({ url: '/echo', method: 'put', headers: { 'X-Token': ' abc ' }, body: 'payload' });
      expect(response.text()).toBe('PUT payload');
    });
  });
});
