// The fleet agent inside in-process runtimes against the real NATS: each test its own bucket, deleted after.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Oneiric } from '@oneiric/core';
import { FleetClient } from '@oneiric/fleet';
import { describeWithService, probeService, uniqueName } from '../../../adapters/src/testing/liveServices.js';
import { until } from '../../../fleet/src/__fixtures__/until.js';
import { createRuntime } from './createRuntime.js';
import type { Runtime } from './runtime.js';

const probe = await probeService('nats');

// Async, because breakers count the outcome of calls that return promises.
interface Cache { readonly name: string; get(): Promise<string> }

// Providers of adapter:cache: `memory` (the default winner), `redis`, `broken` (its health check
// fails) and `flaky` (healthy, but every call fails).
function register(app: Oneiric): void {
  const provider = (name: string, priority: number, behaviour: { isHealthy?: boolean; failsCalls?: boolean } = {}) => ({
    domain: 'adapter' as const, key: 'cache', provider: name, priority,
    factory: {
      kind: 'function' as const,
      build: (): Cache & { health(): boolean } => ({
        name, health: () => behaviour.isHealthy ?? true,
        get: async () => {
          if (behaviour.failsCalls === true) {
            throw new Error(`${name} failed the call`);
          }
          return name;
        },
      }),
    },
  });
  app.register(provider('memory', 300), provider('redis', 100), provider('broken', 50, { isHealthy: false }), provider('flaky', 40, { failsCalls: true }));
}


describeWithService(probe, 'Runtime with fleet.enabled (real NATS)', () => {
  let bucket = '';
  const directories: string[] = [];
  const runtimes: Runtime[] = [];
  let client: FleetClient;

  async function startRuntime(instanceId: string, options: { cwd?: string; url?: string; lifecycle?: Record<string, unknown> } = {}): Promise<Runtime> {
    const cwd = options.cwd ?? mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-'));
    directories.push(cwd);
    const runtime = await createRuntime({
      cwd, env: {},
      config: {
        logging: { level: 'error' },
        ...(options.lifecycle === undefined ? {} : { lifecycle: options.lifecycle }),
        runtime: { watchers_enabled: false, scheduler_enabled: false },
        fleet: { enabled: true, url: options.url ?? probe.url, bucket, instance_id: instanceId, heartbeat_ms: 200, timeout_ms: 1_000 },
      },
      register,
    });
    runtimes.push(runtime);
    await runtime.start();
    return runtime;
  }

  const providerOf = (runtime: Runtime): string | undefined => runtime.app.active('adapter', 'cache')?.provider;

  beforeEach(async () => {
    bucket = uniqueName('fleet_rt');
    client = await FleetClient.connect({ url: probe.url, bucket, timeoutMs: 2_000 });
  });

  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.stop()));
    await client.destroyBucket().catch(() => undefined);
    await client.close();
    for (const directory of directories.splice(0)) {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('applies a fleet selection and a pause to every runtime, and reports them with no lag', async () => {
    const [a, b] = [await startRuntime('a'), await startRuntime('b')];
    expect([providerOf(a), providerOf(b)]).toEqual(['memory', 'memory']);
    await client.select('adapter', 'cache', 'redis');
    await until('both runtimes run redis', () => providerOf(a) === 'redis' && providerOf(b) === 'redis');
    await client.pause('adapter', 'cache', 'maintenance');
    await until('both runtimes paused the key', () => [a, b].every((runtime) => runtime.bridges.activity.get('adapter', 'cache')?.paused === true));
    await until('the status shows both instances converged', async () => {
      const status = await client.status();
      return status.instances.length === 2 && status.instances.every((instance) => instance.lag === 0 && instance.keys['adapter:cache']?.paused === true && !instance.gone);
    });
    const answer = a.fleet();
    expect(answer.enabled && answer.agent.connected).toBe(true);
    expect(answer.enabled && answer.status.selections[0]?.provider).toBe('redis');
    expect(a.health().fleet).toMatchObject({ instanceId: 'a', connected: true, fromCache: false });
    const page = await a.controlHooks().statusPage?.();
    expect(page?.fleet.state).toBe('read');
    const view = page?.fleet.state === 'read' ? page.fleet.view : undefined;
    expect(view?.rows.map((row) => [row[0], row[1], row[5]])).toEqual([['a', 'live', 'adapter:cache=redis (paused)'], ['b', 'live', 'adapter:cache=redis (paused)']]);
  });

  it('rolls out through every step to a healthy provider, then writes the selection', async () => {
    const runtimes = [await startRuntime('a'), await startRuntime('b'), await startRuntime('c')];
    await until('three instances heartbeat', async () => (await client.status()).instances.length === 3);
    await client.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'redis', fromProvider: 'memory', canary: 1, steps: [50, 100], bakeMs: 300 });
    const seen: string[] = [];
    for await (const record of client.watchRollout('adapter', 'cache')) {
      seen.push(record.state);
    }
    expect(seen.at(-1)).toBe('promoted');
    const rollout = await client.rolloutStatus('adapter', 'cache');
    expect(rollout.state).toBe('promoted');
    expect(rollout.decisions.map((decision) => decision.action)).toEqual(['start', 'stage', 'stage', 'promote']);
    await until('every runtime runs redis', () => runtimes.every((runtime) => providerOf(runtime) === 'redis'));
    expect((await client.status()).selections[0]?.provider).toBe('redis');
  });

  it('aborts a rollout whose canary fails its health check, moves it back and never touches the others', async () => {
    const runtimes = [await startRuntime('a'), await startRuntime('b'), await startRuntime('c')];
    await until('three instances heartbeat', async () => (await client.status()).instances.length === 3);
    const swapsBefore = runtimes.map((runtime) => runtime.app.status('adapter', 'cache').successfulSwaps + runtime.app.status('adapter', 'cache').failedSwaps);
    await client.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'broken', fromProvider: 'memory', canary: 1, steps: [100], bakeMs: 300 });
    let final;
    for await (const record of client.watchRollout('adapter', 'cache')) {
      final = record;
    }
    expect(final?.state).toBe('aborted');
    const start = final?.decisions.find((decision) => decision.action === 'start');
    const canary = (start?.evidence['added'] as string[])[0];
    expect(final?.decisions.at(-1)?.reason).toMatch(new RegExp(`swap of adapter:cache to broken failed on ${canary}`));
    expect(runtimes.map(providerOf)).toEqual(['memory', 'memory', 'memory']);
    const swapsAfter = runtimes.map((runtime) => runtime.app.status('adapter', 'cache').successfulSwaps + runtime.app.status('adapter', 'cache').failedSwaps);
    const ids = ['a', 'b', 'c'];
    for (const [index, id] of ids.entries()) {
      // Only the canary attempted a swap; the others were never asked to.
      expect(swapsAfter[index]! - swapsBefore[index]!).toBe(id === canary ? 1 : 0);
    }
  });

  it('aborts a rollout when the moved instance\'s error ratio (its breaker\'s counts) goes over the limit', async () => {
    // A breaker that counts but never opens (volume threshold out of reach): only the ratio can abort.
    const runtime = await startRuntime('a', { lifecycle: { circuit_breaker: { enabled: true, guarded: ['adapter'], volume_threshold: 1_000_000 } } });
    const cache = runtime.app.use<Cache>('adapter', 'cache');
    // Failures are counted by the breaker: that is the point.
    const calling = setInterval(() => void cache.get().catch(() => undefined), 10);
    try {
      await client.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'flaky', fromProvider: 'memory', canary: 1, steps: [100], bakeMs: 3_000, maxErrorRatio: 0.05 });
      let final;
      for await (const record of client.watchRollout('adapter', 'cache')) {
        final = record;
      }
      expect(final?.state).toBe('aborted');
      expect(final?.decisions.at(-1)?.reason).toMatch(/error ratio 1\.0000 of the moved instances is over the limit 0.05/);
      await until('the instance is back on memory', () => providerOf(runtime) === 'memory');
    } finally {
      clearInterval(calling);
    }
  });

  it('starts from the saved desired state (0600) when NATS cannot be reached', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-'));
    const first = await startRuntime('a', { cwd });
    await client.select('adapter', 'cache', 'redis');
    await until('the runtime runs redis', () => providerOf(first) === 'redis');
    await first.stop();
    const saved = path.join(cwd, '.oneiric_cache', 'fleet', 'desired.json');
    expect(statSync(saved).mode & 0o777).toBe(0o600);
    const offline = await startRuntime('a', { cwd, url: 'nats://127.0.0.1:1' });
    expect(providerOf(offline)).toBe('redis');
    const answer = offline.fleet();
    expect(answer.enabled && answer.agent).toMatchObject({ connected: false, fromCache: true });
  });
});
