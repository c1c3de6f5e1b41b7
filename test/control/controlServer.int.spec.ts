// Integration tests of the control server: every endpoint over a real Unix socket, acting on a real application.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ControlClient, ControlError } from '@oneiric/runtime/client';
import type { ActionInvokeAnswer, ActivityAnswer, ActivityChangeAnswer, EventAnswer, ExplainAnswer, KeysAnswer, RemoteStatusAnswer, StatusAnswer, SwapAnswer, WorkflowRunAnswer } from '../../packages/runtime/src/control/controlProtocol.js';
import { flaky, startControlHarness, type Cache, type ControlHarness } from './controlHarness.js';

const execFileAsync = promisify(execFile);

let harness: ControlHarness;

beforeEach(async () => {
  flaky.isFailing = false;
  harness = await startControlHarness();
});

afterEach(async () => {
  await harness.stop();
});

async function refusal(request: Promise<unknown>): Promise<ControlError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ControlError) {
      return error;
    }
    throw error;
  }
  throw new Error('the request succeeded');
}

describe('createControlServer on the socket surface', () => {
  describe('GET /v1/keys', () => {
    it('lists each key winner and the shadowed candidates, saying which is live', async () => {
      const answer = await harness.client.request<KeysAnswer>('GET', '/v1/keys?domain=adapter');
      expect(answer.active).toEqual([expect.objectContaining({ key: 'cache', provider: 'redis', live: true, namedBySelection: false, priority: 400 })]);
      expect(answer.shadowed.map((entry) => entry.provider).sort()).toEqual(['broken', 'memory']);
    });

    it('refuses an unknown domain with 400 badRequest', async () => {
      const error = await refusal(harness.client.request('GET', '/v1/keys?domain=nosuch'));
      expect([error.status, error.kind]).toEqual([400, 'badRequest']);
    });
  });

  describe('GET /v1/explain', () => {
    it('answers the ranking and the live provider', async () => {
      const answer = await harness.client.request<ExplainAnswer>('GET', '/v1/explain?domain=adapter&key=cache');
      expect(answer.ranked[0]?.provider).toBe('redis');
      expect(answer.live).toBe('redis');
    });

    it('refuses a misspelt key with 404 unknownKey and the nearest key', async () => {
      const error = await refusal(harness.client.request('GET', '/v1/explain?domain=adapter&key=cahce'));
      expect([error.status, error.kind, error.details['suggestion']]).toEqual([404, 'unknownKey', 'adapter:cache']);
    });
  });

  describe('POST /v1/swap', () => {
    it('swaps the running application: its injected references answer from the new provider', async () => {
      const cache = harness.app.use<Cache>('adapter', 'cache');
      expect(cache.get('a')).toBe('redis:a');
      const answer = await harness.client.request<SwapAnswer>('POST', '/v1/swap', { domain: 'adapter', key: 'cache', provider: 'memory' });
      expect(answer).toEqual(expect.objectContaining({ provider: 'memory', previousProvider: 'redis', healthy: true }));
      expect(cache.get('a')).toBe('memory:a');
      const status = await harness.client.request<StatusAnswer>('GET', '/v1/status?domain=adapter&key=cache');
      expect(status.keys[0]).toEqual(expect.objectContaining({ currentProvider: 'memory', selection: 'memory', state: 'ready' }));
    });

    it('refuses a provider whose health check fails with 422 healthFailed, the old one staying live', async () => {
      const error = await refusal(harness.client.request('POST', '/v1/swap', { domain: 'adapter', key: 'cache', provider: 'broken' }));
      expect([error.status, error.kind, error.details['provider']]).toEqual([422, 'healthFailed', 'broken']);
      expect(harness.app.use<Cache>('adapter', 'cache').get('a')).toBe('redis:a');
    });

    it('accepts it with force', async () => {
      const answer = await harness.client.request<SwapAnswer>('POST', '/v1/swap', { domain: 'adapter', key: 'cache', provider: 'broken', force: true });
      expect([answer.provider, answer.healthy]).toEqual(['broken', false]);
    });

    it('leaves a consistent state after 50 concurrent swaps from 10 clients', async () => {
      const clients = Array.from({ length: 10 }, () => new ControlClient({ socketPath: harness.socketPath, timeoutMs: 10_000 }));
      const providers = ['memory', 'redis'];
      const answers = await Promise.all(clients.flatMap((client, clientIndex) => Array.from({ length: 5 }, (_, swapIndex) =>
        client.request<SwapAnswer>('POST', '/v1/swap', { domain: 'adapter', key: 'cache', provider: providers[(clientIndex + swapIndex) % 2] }))));
      expect(answers).toHaveLength(50);
      const status = await harness.client.request<StatusAnswer>('GET', '/v1/status?domain=adapter&key=cache');
      const live = harness.app.active('adapter', 'cache')?.provider;
      expect(status.keys[0]).toEqual(expect.objectContaining({ state: 'ready', currentProvider: live, selection: live, inFlight: 0 }));
      expect(status.keys[0]?.successfulSwaps).toBe(51);
      expect(harness.app.use<Cache>('adapter', 'cache').get('k')).toBe(`${live}:k`);
    });

    it('refuses an unknown provider with 404 and an unknown key with 404 unknownKey', async () => {
      const provider = await refusal(harness.client.request('POST', '/v1/swap', { domain: 'adapter', key: 'cache', provider: 'nosuch' }));
      expect([provider.status, provider.kind]).toEqual([404, 'noCandidate']);
      const key = await refusal(harness.client.request('POST', '/v1/swap', { domain: 'adapter', key: 'nosuch' }));
      expect([key.status, key.kind]).toEqual([404, 'unknownKey']);
    });
  });

  describe('POST /v1/pause and /v1/drain', () => {
    it('pauses a key in the runtime at once: its bridge refuses with 409 paused until resumed', async () => {
      const paused = await harness.client.request<ActivityChangeAnswer>('POST', '/v1/pause', { domain: 'action', key: 'echo', paused: true, note: 'maintenance' });
      expect(paused).toEqual(expect.objectContaining({ domain: 'action', key: 'echo', paused: true, draining: false, note: 'maintenance' }));
      const refused = await refusal(harness.client.request('POST', '/v1/actions/echo/invoke', { payload: { value: 1 } }));
      expect([refused.status, refused.kind]).toEqual([409, 'paused']);
      await expect(harness.bridges.actions.execute('echo', { value: 1 })).rejects.toMatchObject({ kind: 'paused' });

      const resumed = await harness.client.request<ActivityChangeAnswer>('POST', '/v1/pause', { domain: 'action', key: 'echo', paused: false });
      expect([resumed.paused, resumed.note]).toEqual([false, null]);
      const answer = await harness.client.request<ActionInvokeAnswer>('POST', '/v1/actions/echo/invoke', { payload: { value: 2 } });
      expect(answer.value).toEqual({ echoed: 2 });
    });

    it('drains a key (409 draining) and lists it in /v1/activity and /v1/status', async () => {
      await harness.client.request('POST', '/v1/drain', { domain: 'event', key: 'audit', draining: true });
      const activity = await harness.client.request<ActivityAnswer>('GET', '/v1/activity');
      expect(activity.totals).toEqual({ paused: 0, draining: 1 });
      expect(activity.keys[0]).toEqual(expect.objectContaining({ domain: 'event', key: 'audit', draining: true }));
      const status = await harness.client.request<StatusAnswer>('GET', '/v1/status?domain=event');
      expect(status.keys.find((key) => key.key === 'audit')).toEqual(expect.objectContaining({ draining: true, paused: false }));
      const events = await harness.client.request<EventAnswer>('POST', '/v1/events', { topic: 'user.created', payload: { id: 1 } });
      expect(events.results[0]).toEqual(expect.objectContaining({ success: false }));
      expect(events.results[0]?.error).toMatch(/draining/);
    });

    it('refuses an unknown key with 404 unknownKey naming the nearest one, changing nothing', async () => {
      const error = await refusal(harness.client.request('POST', '/v1/pause', { domain: 'adapter', key: 'cahce', paused: true }));
      expect([error.status, error.kind, error.details['suggestion']]).toEqual([404, 'unknownKey', 'adapter:cache']);
      expect(harness.bridges.activity.list()).toEqual([]);
    });

    it('refuses a body with a wrong type or an unknown field with 400 badRequest', async () => {
      const wrongType = await refusal(harness.client.request('POST', '/v1/pause', { domain: 'adapter', key: 'cache', paused: 'yes' }));
      expect([wrongType.status, wrongType.kind]).toEqual([400, 'badRequest']);
      const unknownField = await refusal(harness.client.request('POST', '/v1/drain', { domain: 'adapter', key: 'cache', draining: true, extra: 1 }));
      expect([unknownField.status, unknownField.kind]).toEqual([400, 'badRequest']);
    });
  });

  describe('POST /v1/events', () => {
    it('dispatches to the running handlers and answers one result each', async () => {
      const answer = await harness.client.request<EventAnswer>('POST', '/v1/events', { topic: 'user.created', payload: { id: 7 } });
      expect(answer.results).toEqual([expect.objectContaining({ handler: 'audit:default', success: true, value: 'audited 7' })]);
    });
  });

  describe('POST /v1/workflows/:key/runs', () => {
    it('runs a workflow, and resumes a failed run from its checkpoint', async () => {
      flaky.isFailing = true;
      const failed = await refusal(harness.client.request('POST', '/v1/workflows/pipeline/runs', { input: { order: 1 } }));
      expect([failed.status, failed.kind]).toEqual([422, 'workflowNodeFailed']);
      flaky.isFailing = false;
      const resumed = await harness.client.request<WorkflowRunAnswer>('POST', '/v1/workflows/pipeline/runs', { resume: true });
      expect(resumed.resumedNodes).toEqual(['first']);
      expect(resumed.nodes['second']?.value).toBe('flaky ok');
    });

    it('refuses to resume when there is nothing to resume (409 nothingToResume), not starting a fresh run', async () => {
      const error = await refusal(harness.client.request('POST', '/v1/workflows/pipeline/runs', { resume: true }));
      expect([error.status, error.kind]).toEqual([409, 'nothingToResume']);
    });

    it('runs with no body at all', async () => {
      const answer = await harness.client.request<WorkflowRunAnswer>('POST', '/v1/workflows/pipeline/runs');
      expect(Object.keys(answer.nodes).sort()).toEqual(['first', 'second']);
    });
  });

  describe('POST /v1/actions/:key/invoke', () => {
    it('invokes the action and answers its value and provider', async () => {
      const answer = await harness.client.request<ActionInvokeAnswer>('POST', '/v1/actions/echo/invoke', { payload: { value: { a: 1 } } });
      expect([answer.provider, answer.value]).toEqual(['default', { echoed: { a: 1 } }]);
    });

    it('refuses an unknown action with 404 unknownKey', async () => {
      const error = await refusal(harness.client.request('POST', '/v1/actions/ecoh/invoke', { payload: { value: 1 } }));
      expect([error.status, error.kind, error.details['suggestion']]).toEqual([404, 'unknownKey', 'action:echo']);
    });
  });

  describe('remote, secrets, plugins, health', () => {
    it('answers the target errors with their kind, and its reports', async () => {
      const sync = await refusal(harness.client.request('POST', '/v1/remote/sync'));
      expect([sync.status, sync.kind, sync.details['field']]).toEqual([409, 'invalidField', 'remote.enabled']);
      expect(await harness.client.request<RemoteStatusAnswer>('GET', '/v1/remote/status')).toEqual({ configured: false, status: null });
      expect(await harness.client.request('POST', '/v1/secrets/rotate')).toEqual({ rotated: ['db_password'] });
      expect(await harness.client.request('GET', '/v1/plugins')).toEqual({ enabled: false, plugins: [] });
      expect(await harness.client.request('GET', '/v1/health')).toEqual(expect.objectContaining({ pid: process.pid, phase: 'running' }));
    });
  });

  describe('GET /v1/status', () => {
    it('reports every domain with the runtime, each key with live state, in-flight calls and pause state', async () => {
      const answer = await harness.client.request<StatusAnswer>('GET', '/v1/status');
      expect(answer.runtime).toEqual(expect.objectContaining({ pid: process.pid, profile: 'default', ready: true }));
      expect(answer.keys.map((key) => `${key.domain}:${key.key}`)).toEqual(expect.arrayContaining(['adapter:cache', 'service:greeter', 'action:echo', 'workflow:pipeline']));
      expect(answer.keys.find((key) => key.key === 'cache')).toEqual(expect.objectContaining({ winner: 'redis', shadowed: 2, inFlight: 0, paused: false }));
    });
  });

  describe('with curl --unix-socket', () => {
    it('serves a plain HTTP/1.1 client: status read, swap posted', async () => {
      const curl = async (...args: string[]): Promise<string> => (await execFileAsync('curl', ['--silent', '--max-time', '10', '--unix-socket', harness.socketPath, ...args])).stdout;
      const status = JSON.parse(await curl('http://localhost/v1/status?domain=adapter')) as StatusAnswer;
      expect(status.keys[0]?.currentProvider).toBe('redis');
      const swap = JSON.parse(await curl('-X', 'POST', '-H', 'content-type: application/json', '-d', '{"domain":"adapter","key":"cache","provider":"memory"}', 'http://localhost/v1/swap')) as SwapAnswer;
      expect(swap.provider).toBe('memory');
      expect(harness.app.use<Cache>('adapter', 'cache').get('x')).toBe('memory:x');
    });
  });

  describe('open endpoints and errors', () => {
    it('answers /healthz, /readyz (503 notReady when not ready) and /metrics as Prometheus text', async () => {
      expect(await harness.client.request('GET', '/healthz')).toEqual({ alive: true });
      expect(await harness.client.request('GET', '/readyz')).toEqual({ ready: true });
      harness.readiness.isReady = false;
      const error = await refusal(harness.client.request('GET', '/readyz'));
      expect([error.status, error.kind]).toEqual([503, 'notReady']);
      const metrics = await harness.server.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.body).toContain('oneiric_test_total 1');
    });

    it('answers an unknown path with 404 notFound', async () => {
      const error = await refusal(harness.client.request('GET', '/v1/nosuch'));
      expect([error.status, error.kind]).toEqual([404, 'notFound']);
    });
  });

  describe('audit', () => {
    it('audits a mutating request refused before its handler (body too large, bad schema)', async () => {
      const tooLarge = await harness.server.inject({
        method: 'POST', url: '/v1/drain', headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ domain: 'adapter', key: 'cache', draining: true, note: 'n'.repeat(70 * 1024) }),
      });
      expect(tooLarge.statusCode).toBe(413);
      await refusal(harness.client.request('POST', '/v1/swap', { domain: 'adapter', key: 7 }));
      await waitFor(() => harness.auditLines.length >= 2);
      expect(harness.auditLines.map((line) => [line.action, line.detail['status'], line.detail['errorKind']])).toEqual([
        ['drain', 413, 'bodyTooLarge'],
        ['swap', 400, 'badRequest'],
      ]);
    });

    it('writes one audit line per mutating request, refused ones included, without payloads', async () => {
      await harness.client.request('POST', '/v1/swap', { domain: 'adapter', key: 'cache', provider: 'memory' });
      await refusal(harness.client.request('POST', '/v1/pause', { domain: 'adapter', key: 'cahce', paused: true }));
      await harness.client.request('POST', '/v1/actions/echo/invoke', { payload: { value: { password: 'hunter2' } } });
      await harness.client.request('GET', '/v1/status');
      await waitFor(() => harness.auditLines.length >= 3);
      expect(harness.auditLines.map((line) => [line.action, line.detail['status'], line.detail['outcome']])).toEqual([
        ['swap', 200, 'done'],
        ['pause', 404, 'refused'],
        ['action.invoke', 200, 'done'],
      ]);
      expect(harness.auditLines[0]?.detail).toEqual(expect.objectContaining({ surface: 'socket', domain: 'adapter', key: 'cache', provider: 'memory' }));
      expect(harness.auditLines[1]?.detail).toEqual(expect.objectContaining({ errorKind: 'unknownKey', key: 'cahce' }));
      expect(JSON.stringify(harness.auditLines)).not.toContain('hunter2');
    });
  });
});

// onResponse runs after the answer is written: the client can see the answer first.
async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
