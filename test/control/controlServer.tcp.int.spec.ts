// Integration tests of the control server's TCP surface: open probes, admin endpoints only with the bearer token.
import type { AddressInfo } from 'node:net';
import { startControlHarness, type ControlHarness } from './controlHarness.js';
import { createControlServer } from '../../packages/runtime/src/control/createControlServer.js';
import type { FastifyInstance } from 'fastify';

const hooks = { alive: () => true, ready: () => true, metricsText: async () => 'oneiric_up 1\n' };

let harness: ControlHarness;
let tcpServer: FastifyInstance;

async function listenTcp(adminToken?: string): Promise<string> {
  tcpServer = createControlServer(
    harness.target,
    { surface: 'tcp', hooks, requestTimeoutMs: 2_000, ...(adminToken === undefined ? {} : { adminToken }) },
  );
  await tcpServer.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(tcpServer.server.address() as AddressInfo).port}`;
}

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: response.headers.get('content-type')?.includes('json') === true ? JSON.parse(text) : text };
}

beforeEach(async () => {
  harness = await startControlHarness();
});

afterEach(async () => {
  await tcpServer.close();
  await harness.stop();
});

describe('createControlServer on the tcp surface', () => {
  describe('without an admin token', () => {
    it('serves /healthz, /readyz and /metrics', async () => {
      const base = await listenTcp();
      expect((await call(`${base}/healthz`)).body).toEqual({ alive: true });
      expect((await call(`${base}/readyz`)).body).toEqual({ ready: true });
      expect((await call(`${base}/metrics`)).body).toBe('oneiric_up 1\n');
    });

    it('refuses every /v1 endpoint with 403 adminDisabled, even with a bearer token, changing nothing', async () => {
      const base = await listenTcp();
      const swap = await call(`${base}/v1/swap`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer guess' },
        body: JSON.stringify({ domain: 'adapter', key: 'cache', provider: 'memory' }),
      });
      expect(swap.status).toBe(403);
      expect(swap.body).toEqual({ error: expect.objectContaining({ kind: 'adminDisabled' }) });
      expect(harness.app.active('adapter', 'cache')?.provider).toBe('redis');
      expect((await call(`${base}/v1/status`)).status).toBe(403);
    });
  });

  it('guards every spelling of a path that is not an open one, and keeps the open ones open with a query', async () => {
    const base = await listenTcp('s3cret-token');
    for (const path of ['/%761/keys?domain=adapter', '/v1//keys?domain=adapter', '/V1/keys', '/v1/keys/?domain=adapter', '/nosuch', '/v1']) {
      const answer = await call(`${base}${path}`);
      expect([path, answer.status]).toEqual([path, 401]);
    }
    expect((await call(`${base}/healthz?verbose=1`)).status).toBe(200);
  });

  describe('with an admin token', () => {
    it('refuses a missing or wrong token with 401 unauthorized and a Bearer challenge', async () => {
      const base = await listenTcp('s3cret-token');
      const missing = await call(`${base}/v1/keys?domain=adapter`);
      expect([missing.status, (missing.body as { error: { kind: string } }).error.kind]).toEqual([401, 'unauthorized']);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await call(`${base}/v1/keys?domain=adapter`, { headers: { authorization: 'Bearer s3cret-tokeN' } });
      expect(wrong.status).toBe(401);
      const notBearer = await call(`${base}/v1/keys?domain=adapter`, { headers: { authorization: 'Basic s3cret-token' } });
      expect(notBearer.status).toBe(401);
    });

    it('serves the admin endpoints to the right token, and audits refused and accepted swaps', async () => {
      const base = await listenTcp('s3cret-token');
      const body = JSON.stringify({ domain: 'adapter', key: 'cache', provider: 'memory' });
      const refused = await call(`${base}/v1/swap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(refused.status).toBe(401);
      const done = await call(`${base}/v1/swap`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret-token' }, body });
      expect(done.status).toBe(200);
      expect(harness.app.active('adapter', 'cache')?.provider).toBe('memory');
      await waitFor(() => harness.auditLines.length >= 2);
      expect(harness.auditLines.map((line) => [line.action, line.detail['surface'], line.detail['status']])).toEqual([
        ['swap', 'tcp', 401],
        ['swap', 'tcp', 200],
      ]);
      expect(JSON.stringify(harness.auditLines)).not.toContain('s3cret-token');
    });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
