// Spans of the control channel over real TCP: one server span per request named by its route
// template, a child of the caller's span when the request carries `traceparent`, the route's own
// work (an event dispatch and its handler) nested inside, domain/key/provider as attributes, and
// neither the admin token, nor a header, nor the query anywhere in the spans.
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { SpanAttribute, traceHeaders } from '@oneiric/core';
import { createControlServer } from '../../packages/runtime/src/control/createControlServer.js';
import { isChildOf, useInMemoryTracing } from '../../packages/core/src/testing/inMemoryTracing.js';
import { slowGate, startControlHarness, type ControlHarness } from '../control/controlHarness.js';

const ADMIN_TOKEN = 'tracing-admin-token-5f3a';
const hooks = { alive: () => true, ready: () => true, metricsText: async () => 'oneiric_up 1\n' };

const tracing = useInMemoryTracing();
let harness: ControlHarness;
let tcpServer: FastifyInstance;
let base = '';

beforeAll(async () => {
  harness = await startControlHarness();
  tcpServer = createControlServer(harness.target, { surface: 'tcp', hooks, requestTimeoutMs: 2_000, adminToken: ADMIN_TOKEN });
  await tcpServer.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(tcpServer.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await tcpServer.close();
  await harness.stop();
});


async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  await response.arrayBuffer();
  return response.status;
}

function everyAttributeValue(): string {
  return tracing.spans().flatMap((span) => [span.name, ...Object.keys(span.attributes), ...Object.values(span.attributes).map(String)]).join('\n');
}

describe('control server tracing', () => {
  it('makes the request span a child of the caller\'s traceparent, with the event dispatch and its handler inside', async () => {
    let callerHeaders: Record<string, string> = {};
    trace.getTracer('test').startActiveSpan('operator', (operator) => {
      callerHeaders = traceHeaders();
      operator.end();
    });
    expect(await post('/v1/events', { topic: 'user.created', payload: { id: 3 } }, callerHeaders)).toBe(200);
    const request = tracing.only('POST /v1/events');
    expect(isChildOf(request, tracing.only('operator'))).toBe(true);
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.attributes).toMatchObject({ 'http.route': '/v1/events', 'http.request.method': 'POST', 'http.response.status_code': 200, 'oneiric.control.surface': 'tcp' });
    const dispatch = tracing.only('oneiric.event.dispatch');
    expect(isChildOf(dispatch, request)).toBe(true);
    expect(isChildOf(tracing.only('oneiric.event.handle'), dispatch)).toBe(true);
    expect(everyAttributeValue()).not.toContain(ADMIN_TOKEN);
  });

  it('names a swap by its route template and records domain, key and provider from the body', async () => {
    expect(await post('/v1/swap', { domain: 'adapter', key: 'cache', provider: 'memory' })).toBe(200);
    const request = tracing.only('POST /v1/swap');
    expect(request.attributes).toMatchObject({ [SpanAttribute.domain]: 'adapter', [SpanAttribute.key]: 'cache', [SpanAttribute.provider]: 'memory' });
    expect(request.status.code).toBe(SpanStatusCode.UNSET);
    await post('/v1/swap', { domain: 'adapter', key: 'cache', provider: 'redis' });
  });

  it('traces refused and unknown requests too, without the path\'s query or the wrong token', async () => {
    const refused = await fetch(`${base}/v1/status`, { headers: { authorization: 'Bearer wrong-token-value' }, signal: AbortSignal.timeout(5_000) });
    expect(refused.status).toBe(401);
    const unknown = await fetch(`${base}/v1/no-such-thing?password=hunter2`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: AbortSignal.timeout(5_000) });
    expect(unknown.status).toBe(404);
    const status = tracing.only('GET /v1/status');
    expect(status.attributes).toMatchObject({ 'http.response.status_code': 401, 'oneiric.error_kind': 'unauthorized' });
    // A client error is the caller's, not the server's: no error status.
    expect(status.status.code).toBe(SpanStatusCode.UNSET);
    // Unknown paths get the method alone as their name: URLs never become span names.
    expect(tracing.only('GET').attributes).toMatchObject({ 'http.response.status_code': 404, 'oneiric.error_kind': 'notFound' });
    const everything = everyAttributeValue();
    for (const secret of ['wrong-token-value', 'hunter2', ADMIN_TOKEN, 'authorization']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('marks the request span failed when the runtime answers 5xx (an action past the request deadline: 504 timeout)', async () => {
    slowGate.close();
    try {
      expect(await post('/v1/actions/slow/invoke', { payload: { value: 'x' } })).toBe(504);
    } finally {
      slowGate.release();
    }
    const request = tracing.only('POST /v1/actions/:key/invoke');
    expect(request.status.code).toBe(SpanStatusCode.ERROR);
    expect(request.events.map((event) => event.name)).toEqual(['exception']);
    expect(request.attributes).toMatchObject({ [SpanAttribute.key]: 'slow', 'oneiric.error_kind': 'timeout', 'http.response.status_code': 504 });
  });
});
