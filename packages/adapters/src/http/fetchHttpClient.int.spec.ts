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

  describe('timeout', () => {
    it('fails with AdapterError requestFailed after every attempt timed out', async () => {
      const started = Date.now();
      const failure: unknown = await client({ retries: 1 }).request({ url: '/slow', timeoutMs: 100 }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ kind: AdapterErrorKind.requestFailed });
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
});
