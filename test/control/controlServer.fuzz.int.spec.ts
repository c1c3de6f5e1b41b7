// Fuzz tests of the control server over its real socket: random JSON, wrong types, oversized bodies,
// garbage bytes and a slow-loris client each get a typed 4xx (or are cut), and the server keeps serving.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { startControlHarness, type ControlHarness } from './controlHarness.js';

const BODY_LIMIT_BYTES = 4 * 1024;
const REQUEST_TIMEOUT_MS = 1_500;
const POST_PATHS = ['/v1/swap', '/v1/pause', '/v1/drain', '/v1/events', '/v1/workflows/pipeline/runs', '/v1/actions/echo/invoke', '/v1/remote/sync', '/v1/secrets/rotate'];
// Names that break code keeping keys in plain objects.
const TRICKY_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'cache', 'echo', 'pipeline', '', ' ', 'a'.repeat(300)];

interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

let harness: ControlHarness;

beforeAll(async () => {
  harness = await startControlHarness({ bodyLimitBytes: BODY_LIMIT_BYTES, requestTimeoutMs: REQUEST_TIMEOUT_MS });
});

afterAll(async () => {
  await harness.stop();
});

function send(method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({
      socketPath: harness.socketPath, method, path,
      headers: body === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.setTimeout(5_000, () => outgoing.destroy(new Error(`no answer to ${method} ${path}`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

// The protocol's promise for any answer: 2xx, or a 4xx whose body names a kind and a message.
function expectTypedAnswer(answer: RawAnswer): void {
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400) {
    const parsed = JSON.parse(answer.body) as { error?: { kind?: unknown; message?: unknown } };
    expect(typeof parsed.error?.kind).toBe('string');
    expect(typeof parsed.error?.message).toBe('string');
  }
}

async function expectStillServing(): Promise<void> {
  expect(await harness.client.request('GET', '/healthz')).toEqual({ alive: true });
  const keys = await harness.client.request<{ active: unknown[] }>('GET', '/v1/keys?domain=adapter');
  expect(keys.active).toHaveLength(1);
}

const name = fc.oneof(fc.constantFrom(...TRICKY_NAMES), fc.string({ maxLength: 40 }));

describe('createControlServer under fuzzed requests', () => {
  it('answers random JSON bodies on every mutating endpoint with 2xx or a typed 4xx', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...POST_PATHS), fc.jsonValue({ maxDepth: 3 }), async (path, value) => {
      expectTypedAnswer(await send('POST', path, JSON.stringify(value)));
    }), { numRuns: 150 });
    await expectStillServing();
  });

  it('answers bodies with the right field names and wrong or tricky values with a typed 4xx', async () => {
    const body = fc.record({
      domain: fc.oneof(fc.constantFrom('adapter', 'action', 'workflow'), fc.anything()),
      key: fc.oneof(name, fc.anything()),
      provider: fc.oneof(name, fc.anything()),
      paused: fc.anything(), draining: fc.anything(), force: fc.anything(), note: fc.anything(),
      topic: fc.oneof(name, fc.anything()), payload: fc.anything(), headers: fc.anything(),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(fc.constantFrom(...POST_PATHS), body, async (path, value) => {
      expectTypedAnswer(await send('POST', path, JSON.stringify(value)));
    }), { numRuns: 200 });
    await expectStillServing();
  });

  it('answers random queries and key paths with a typed answer', async () => {
    const query = fc.dictionary(fc.constantFrom('domain', 'key', 'capabilities', 'requireAll', 'extra'), fc.oneof(name, fc.constantFrom('adapter', 'true')));
    const path = fc.constantFrom('/v1/keys', '/v1/explain', '/v1/status', '/v1/activity', '/v1/health', '/v1/plugins', '/v1/remote/status');
    await fc.assert(fc.asyncProperty(path, query, async (base, params) => {
      expectTypedAnswer(await send('GET', `${base}?${new URLSearchParams(params).toString()}`));
    }), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(name, fc.constantFrom('workflows', 'actions'), async (key, kind) => {
      const suffix = kind === 'workflows' ? 'runs' : 'invoke';
      expectTypedAnswer(await send('POST', `/v1/${kind}/${encodeURIComponent(key)}/${suffix}`, '{}'));
    }), { numRuns: 80 });
    await expectStillServing();
  });

  it('answers bodies over the limit with 413 bodyTooLarge, and garbage with 400 or 415', async () => {
    const oversized = JSON.stringify({ domain: 'adapter', key: 'cache', paused: true, note: 'x'.repeat(BODY_LIMIT_BYTES) });
    const tooLarge = await send('POST', '/v1/pause', oversized);
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toEqual({ error: expect.objectContaining({ kind: 'bodyTooLarge' }) });
    expect(harness.bridges.activity.list()).toEqual([]);

    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (bytes, contentType) => {
      const answer = await send('POST', '/v1/swap', Buffer.from(bytes), contentType);
      expect([400, 415]).toContain(answer.status);
      expectTypedAnswer(answer);
    }), { numRuns: 100 });
    await expectStillServing();
  });

  it('cuts a client that sends its headers one byte per second, while serving others', async () => {
    const socket = connect(harness.socketPath);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    const header = 'GET /v1/status HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'z'.repeat(40) + '\r\n\r\n';
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < header.length && !socket.destroyed) {
        socket.write(header[sent]!);
        sent += 1;
      }
    }, 1_000);
    try {
      await expectStillServing();
      // Bounded: the server's limit is 1.5 s; give it generous room on a loaded machine.
      const cut = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000))]);
      expect(cut).toBe(true);
      expect(sent).toBeLessThan(header.length);
      const answer = Buffer.concat(received).toString('utf8');
      if (answer !== '') {
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
        expect(answer).toContain('"kind":"timeout"');
      }
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
    await expectStillServing();
  }, 30_000);
});
