// ControlClient against a real HTTP server on a Unix socket, with and without keep-alive.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ControlClient } from './controlClient.js';
import { ControlError, ControlErrorKind } from './controlError.js';

let dir: string;
let socketPath: string;
let server: Server;

// Routes of the test server: slow answers, chunked answers, typed errors, oversized and silent ones.
async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  switch (request.url) {
    case '/v1/slow':
      // Answers after the client has sent everything: a client that half-closed would have been cut off.
      await new Promise((resolve) => setTimeout(resolve, 100));
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, received: body === '' ? null : JSON.parse(body) }));
      return;
    case '/v1/chunked':
      response.write('{"parts":');
      response.end('[1,2,3]}');
      return;
    case '/v1/refused':
      response.statusCode = 409;
      response.end(JSON.stringify({ error: { kind: 'paused', message: 'adapter:cache is paused', key: 'cache' } }));
      return;
    case '/v1/huge':
      response.end(JSON.stringify({ filler: 'x'.repeat(4096) }));
      return;
    case '/v1/silent':
      return;
    default:
      response.statusCode = 404;
      response.end(JSON.stringify({ error: { kind: 'notFound', message: `no route ${request.url ?? ''}` } }));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onc-'));
  socketPath = path.join(dir, 'control.sock');
  server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe.each([true, false])('ControlClient with keepAlive %s', (keepAlive) => {
  const client = (options: { timeoutMs?: number; maxResponseBytes?: number } = {}): ControlClient => new ControlClient({ socketPath, keepAlive, timeoutMs: 2_000, ...options });

  describe('request', () => {
    it('sends the JSON body and reads an answer that comes after a delay', async () => {
      await expect(client().request('POST', '/v1/slow', { key: 'cache', paused: true })).resolves.toEqual({ method: 'POST', received: { key: 'cache', paused: true } });
    });

    it('reads a chunked answer', async () => {
      await expect(client().request('GET', '/v1/chunked')).resolves.toEqual({ parts: [1, 2, 3] });
    });

    it('rejects with the runtime\'s own kind and details for an error answer', async () => {
      const error = await client().request('POST', '/v1/refused', {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ControlError);
      expect(error).toMatchObject({ kind: 'paused', status: 409, message: 'adapter:cache is paused', details: { key: 'cache' } });
    });

    it('rejects an answer over maxResponseBytes with badResponse', async () => {
      await expect(client({ maxResponseBytes: 1024 }).request('GET', '/v1/huge')).rejects.toMatchObject({ kind: ControlErrorKind.badResponse });
    });

    it('rejects with timeout when nothing answers in time', async () => {
      await expect(client({ timeoutMs: 200 }).request('GET', '/v1/silent')).rejects.toMatchObject({ kind: ControlErrorKind.timeout });
    });

    // A space or a line break would let a caller write its own request line or headers.
    it('refuses a path a request line cannot carry with invalidPath, sending nothing', async () => {
      await expect(client().request('GET', '/v1/status?x=a b\r\nx-injected: 1')).rejects.toMatchObject({ kind: ControlErrorKind.invalidPath });
    });

    it('rejects with noRuntime when no one listens on the socket', async () => {
      const absent = new ControlClient({ socketPath: path.join(dir, 'absent.sock'), keepAlive, timeoutMs: 2_000 });
      await expect(absent.request('GET', '/v1/health')).rejects.toMatchObject({ kind: ControlErrorKind.noRuntime });
    });
  });
});
