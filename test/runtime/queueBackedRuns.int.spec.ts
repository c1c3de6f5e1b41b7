// Queue-backed work through a running runtime: `POST /v1/workflows/:key/enqueue` (what `oneiric
// workflow enqueue` sends) puts a run on the real Redis Streams queue adapter, and the runtime's
// own queue worker runs it; while the workflow is paused through the control channel the run
// waits on the queue, and it runs once the key is resumed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Oneiric } from '@oneiric/core';
import { RedisStreamsQueue } from '@oneiric/adapters';
import { createRuntime, type Runtime } from '@oneiric/runtime';
import { ControlClient, ControlError } from '@oneiric/runtime/client';
import { describeWithService, probeService, uniqueName } from '../../packages/adapters/src/testing/liveServices.js';

const redis = await probeService('redis');
const seen: string[] = [];

function registerWork(app: Oneiric): void {
  app.register(RedisStreamsQueue);
  app.register(
    { domain: 'task', key: 'ship', provider: 'default', factory: { kind: 'function', build: () => ({ run: (payload: unknown) => seen.push(`ship:${JSON.stringify(payload)}`) }) } },
    { domain: 'workflow', key: 'settle', provider: 'default', metadata: { nodes: [{ id: 'ship', task: 'ship' }] }, factory: { kind: 'function', build: () => ({}) } },
  );
}

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeWithService(redis, 'queue-backed workflow runs in a runtime', () => {
  let cwd = '';
  let prefix = '';
  let runtime: Runtime | undefined;
  let client: ControlClient;

  beforeEach(async () => {
    seen.length = 0;
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-queue-runtime-'));
    prefix = uniqueName('rtq').replace(/[^A-Za-z0-9_-]/g, '_');
    runtime = await createRuntime({
      cwd, env: {},
      config: { logging: { level: 'error' }, adapters: { provider_settings: { 'redis-streams': { url: redis.url, streamPrefix: `${prefix}:`, pollIntervalMs: 20 } } } },
      register: registerWork,
    });
    await runtime.start();
    client = new ControlClient({ socketPath: runtime.paths.socket });
  });

  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    rmSync(cwd, { recursive: true, force: true });
    const { Redis } = await import('ioredis');
    const admin = new Redis(redis.url);
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  it('runs an enqueued workflow run in the runtime\'s own queue worker', async () => {
    const answer = await client.request<{ key: string; messageId: string }>('POST', '/v1/workflows/settle/enqueue', { input: { order: 7 } });
    expect(answer.key).toBe('settle');
    expect(answer.messageId).not.toBe('');
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual(['ship:{"order":7}']);
  }, 30_000);

  it('leaves the run on the queue while the workflow is paused, and runs it once resumed', async () => {
    await client.request('POST', '/v1/pause', { domain: 'workflow', key: 'settle', paused: true, note: 'maintenance' });
    await client.request('POST', '/v1/workflows/settle/enqueue', { input: { order: 8 } });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(seen).toEqual([]);
    await client.request('POST', '/v1/pause', { domain: 'workflow', key: 'settle', paused: false });
    await waitUntil(() => seen.length === 1);
    expect(seen).toEqual(['ship:{"order":8}']);
  }, 30_000);

  // An unknown workflow is refused before anything reaches the queue: 404 unknownKey.
  it('refuses to enqueue a workflow that is not registered', async () => {
    await expect(client.request('POST', '/v1/workflows/setle/enqueue', {})).rejects.toMatchObject({ kind: 'unknownKey', status: 404 });
    await expect(client.request('POST', '/v1/workflows/setle/enqueue', {})).rejects.toBeInstanceOf(ControlError);
  });
});
