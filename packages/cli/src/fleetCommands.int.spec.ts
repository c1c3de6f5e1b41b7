// `oneiric fleet ...` in-process against the real NATS and an in-process runtime with fleet.enabled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Oneiric } from '@oneiric/core';
import { FleetClient } from '@oneiric/fleet';
import { createRuntime, type Runtime } from '@oneiric/runtime';
import { describeWithService, probeService, uniqueName } from '../../adapters/src/testing/liveServices.js';
import { until } from '../../fleet/src/__fixtures__/until.js';
import { runInProcess } from './testing/runInProcess.js';

const probe = await probeService('nats');

function register(app: Oneiric): void {
  const provider = (name: string, priority: number, isHealthy = true) => ({
    domain: 'adapter' as const, key: 'cache', provider: name, priority,
    factory: { kind: 'function' as const, build: () => ({ name, health: () => isHealthy }) },
  });
  app.register(provider('memory', 300), provider('redis', 100), provider('broken', 50, false));
}


describeWithService(probe, 'oneiric fleet (real NATS)', () => {
  const cli = runInProcess('oneiric-cli-fleet-');
  let bucket = '';
  let runtimeDir = '';
  let runtime: Runtime;
  const env = (): Record<string, string> => ({ ONEIRIC_FLEET__URL: probe.url, ONEIRIC_FLEET__BUCKET: bucket });

  beforeEach(async () => {
    bucket = uniqueName('fleet_cli');
    runtimeDir = mkdtempSync(path.join(tmpdir(), 'oneiric-cli-fleet-rt-'));
    runtime = await createRuntime({
      cwd: runtimeDir, env: {}, register,
      config: { logging: { level: 'error' }, runtime: { watchers_enabled: false, scheduler_enabled: false }, fleet: { enabled: true, url: probe.url, bucket, instance_id: 'only', heartbeat_ms: 150 } },
    });
    await runtime.start();
  });

  afterEach(async () => {
    await runtime.stop();
    const client = await FleetClient.connect({ url: probe.url, bucket });
    await client.destroyBucket().catch(() => undefined);
    await client.close();
    rmSync(runtimeDir, { recursive: true, force: true });
  });

  const provider = (): string | undefined => runtime.app.active('adapter', 'cache')?.provider;

  it('selects, shows the status, and follows a rollout that aborts and one that promotes', async () => {
    expect((await cli.run(['fleet', 'select', 'adapter', 'cache', 'redis'], { env: env() })).code).toBe(0);
    await until('the runtime runs redis', () => provider() === 'redis');

    const status = await cli.run(['fleet', 'status', '--json'], { env: env() });
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { instances: Array<{ id: string }> }).instances.map((instance) => instance.id)).toEqual(['only']);

    const failing = await cli.run(['fleet', 'rollout', 'adapter', 'cache', '--provider', 'broken', '--canary', '1', '--steps', '100', '--bake', '200ms'], { env: env() });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/abort: the swap of adapter:cache to broken failed on only/);
    expect(provider()).toBe('redis');

    const explained = await cli.run(['fleet', 'rollout', 'status', 'adapter', 'cache'], { env: env() });
    expect(explained.stdout).toMatch(/redis -> broken, aborted/);

    const healthy = await cli.run(['fleet', 'rollout', 'adapter', 'cache', '--provider', 'memory', '--steps', '100', '--bake', '200ms'], { env: env() });
    expect(healthy.stdout).toMatch(/promote: .*selection written, rollout promoted/);
    expect(healthy.code).toBe(0);
    await until('the runtime runs memory', () => provider() === 'memory');
  });

  it('refuses a selection while a rollout runs (conflict, exit 1) and a rollout without --provider (usage, exit 2)', async () => {
    await cli.run(['fleet', 'select', 'adapter', 'cache', 'redis'], { env: env() });
    expect((await cli.run(['fleet', 'rollout', 'adapter', 'cache', '--provider', 'memory', '--bake', '1m', '--detach'], { env: env() })).code).toBe(0);
    const refused = await cli.run(['fleet', 'select', 'adapter', 'cache', 'memory', '--json'], { env: env() });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { family: 'FleetError', kind: 'conflict' } });
    expect((await cli.run(['fleet', 'rollout', 'abort', 'adapter', 'cache'], { env: env() })).code).toBe(0);
    expect((await cli.run(['fleet', 'rollout', 'adapter', 'cache'], { env: env() })).code).toBe(2);
  });

  it('stops following a rollout no instance drives after --timeout: exit 1, a followTimeout error saying it goes on and how to follow it', async () => {
    // The only runtime stops: nobody drives the rollout, which stays `running` in the bucket.
    await runtime.stop();
    const started = Date.now();
    const stuck = await cli.run(['fleet', 'rollout', 'adapter', 'cache', '--provider', 'redis', '--from', 'memory', '--timeout', '1s', '--json'], { env: env() });
    expect(stuck.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(JSON.parse(stuck.stderr)).toMatchObject({ error: { family: 'CommandError', kind: 'followTimeout', context: { domain: 'adapter', key: 'cache', timeoutMs: '1000' } } });
    expect(stuck.stderr).toMatch(/goes on .*oneiric fleet rollout status adapter cache/);
    expect((await cli.run(['fleet', 'rollout', 'status', 'adapter', 'cache', '--json'], { env: env() })).stdout).toMatch(/"state":"running"/);
    expect((await cli.run(['fleet', 'rollout', 'adapter', 'cache', '--provider', 'redis', '--timeout', 'soon'], { env: env() })).code).toBe(2);
  });
});
