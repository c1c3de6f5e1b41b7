// http.fetch and event.dispatch against a real HTTP server on 127.0.0.1: retries, limits, secret headers, webhook signatures, dry run.
import { createHmac } from 'node:crypto';
import { Oneiric, createSilentLogger } from '@oneiric/core';
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { startLocalServer, type LocalServer } from '../testing/localServer.js';
import { EventDispatch } from './eventDispatch.js';
import { HttpFetch, HttpFetchSettings } from './httpFetch.js';

let server: LocalServer;
let failuresLeft = 0;

beforeEach(async () => {
  failuresLeft = 0;
  server = await startLocalServer((request, response) => {
    if (request.url.startsWith('/flaky') && failuresLeft > 0) {
      failuresLeft -= 1;
      response.writeHead(503).end();
      return;
    }
    if (request.url.startsWith('/big')) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(4096));
      return;
    }
    response.writeHead(request.url.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json', 'set-cookie': 'session=abc' })
      .end(JSON.stringify({ method: request.method, body: request.body }));
  });
});

afterEach(async () => {
  await server.close();
});

const context = (): { app: Oneiric; logger: ReturnType<typeof createSilentLogger> } => ({ app: new Oneiric(), logger: createSilentLogger() });

describe('HttpFetch.execute', () => {
  it('returns status, parsed JSON and headers without cookies, and the URL without its query', async () => {
    const result = await invoke(new HttpFetch(context()), { url: `${server.baseUrl}/items?token=secret`, method: 'POST', json: { a: 1 } });
    expect(result).toMatchObject({ status: 'ok', statusCode: 200, ok: true, method: 'POST', url: `${server.baseUrl}/items`, via: 'fetch', json: { method: 'POST', body: '{"a":1}' } });
    expect(result.headers['set-cookie']).toBeUndefined();
    expect(server.received[0]?.headers['content-type']).toBe('application/json');
  });

  it('hands back an error status as a result, and retries a GET after 503', async () => {
    await expect(invoke(new HttpFetch(context()), { url: `${server.baseUrl}/missing` })).resolves.toMatchObject({ status: 'error', statusCode: 404, ok: false });
    failuresLeft = 1;
    await expect(invoke(new HttpFetch(context()), { url: `${server.baseUrl}/flaky`, retries: 2 })).resolves.toMatchObject({ statusCode: 200, attempts: 2 });
  });

  it('refuses credentials in the URL, other schemes and a body over the limit, with typed errors', async () => {
    const action = new HttpFetch(context(), Object.assign(new HttpFetchSettings(), { maxResponseBytes: 1024 }));
    const withCredentials = await actionErrorOf(invoke(action, { url: `http://user:hunter2@127.0.0.1:1/` }));
    expect(withCredentials.kind).toBe(ActionErrorKind.invalidPayload);
    expect(withCredentials.message).not.toContain('hunter2');
    expect((await actionErrorOf(invoke(action, { url: 'file:///etc/passwd' }))).kind).toBe(ActionErrorKind.invalidPayload);
    expect((await actionErrorOf(invoke(action, { url: `${server.baseUrl}/big` }))).kind).toBe(ActionErrorKind.limitExceeded);
  });

  it('reports a refused connection as requestFailed', async () => {
    const closed = server.baseUrl;
    await server.close();
    expect((await actionErrorOf(invoke(new HttpFetch(context()), { url: `${closed}/`, retries: 0 }))).kind).toBe(ActionErrorKind.requestFailed);
    server = await startLocalServer((_request, response) => response.end());
  });
});

describe('EventDispatch.execute', () => {
  it('plans by default: builds the envelope, lists webhooks, sends nothing', async () => {
    const result = await invoke(new EventDispatch(context()), { topic: 'order.created', payload: { id: 7 }, webhooks: [{ url: `${server.baseUrl}/hook?k=v` }] });
    expect(result).toMatchObject({ status: 'planned', envelope: { topic: 'order.created', payload: { id: 7 }, headers: { source: 'oneiric.actions', version: '1.0.0' } }, webhooks: [{ url: `${server.baseUrl}/hook`, status: 'planned' }] });
    expect(server.received).toEqual([]);
  });

  it('dispatches to the event sink and posts signed envelopes to webhooks', async () => {
    const seen: unknown[] = [];
    const events = { dispatch: (topic: string, payload: unknown) => { seen.push({ topic, payload }); return Promise.resolve([{ handler: 'audit', success: true }]); } };
    const action = new EventDispatch({ ...context(), events });
    const result = await invoke(action, { topic: 'user.created', payload: { id: 1 }, dryRun: false, headers: { correlationId: 'c-1' }, webhooks: [{ url: `${server.baseUrl}/a`, secret: 'whsec' }, { url: `${server.baseUrl}/missing` }] });
    expect(result.handlers).toEqual([{ handler: 'audit', success: true }]);
    expect(seen).toEqual([{ topic: 'user.created', payload: { id: 1 } }]);
    expect(result.webhooks).toEqual([{ url: `${server.baseUrl}/a`, status: 'delivered', statusCode: 200 }, { url: `${server.baseUrl}/missing`, status: 'failed', statusCode: 404 }]);
    const signed = server.received.find((request) => request.url === '/a')!;
    const [timestamp, signature] = String(signed.headers['x-oneiric-signature']).split(',').map((part) => part.split('=')[1]);
    expect(signature).toBe(createHmac('sha256', 'whsec').update(`${timestamp}.${signed.body}`).digest('hex'));
    expect(JSON.parse(signed.body)).toMatchObject({ topic: 'user.created', headers: { correlationId: 'c-1' } });
  });

  it('refuses a bad webhook URL before sending anything', async () => {
    const error = await actionErrorOf(invoke(new EventDispatch(context()), { topic: 't', dryRun: false, webhooks: [{ url: `${server.baseUrl}/ok` }, { url: 'ftp://x' }] }));
    expect(error.kind).toBe(ActionErrorKind.invalidPayload);
    expect(error.context.field).toBe('webhooks.1.url');
    expect(server.received).toEqual([]);
  });
});
