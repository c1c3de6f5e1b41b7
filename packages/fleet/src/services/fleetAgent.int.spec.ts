// The convergence agent against the real NATS, over in-memory targets: each test its own bucket, deleted after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '@oneiric/core';
import { describeWithService, probeService, uniqueName } from '../../../adapters/src/testing/liveServices.js';
import { until } from '../__fixtures__/until.js';
import { MemoryTarget } from '../__fixtures__/memoryTarget.js';
import { rolloutFixture } from '../__fixtures__/rolloutFixture.js';
import { instanceKey, keyRecordKey } from '../calculations/fleetKeys.js';
import { instanceFixture } from '../__fixtures__/instanceFixture.js';
import { FleetAgent } from './fleetAgent.js';
import { FleetClient } from './fleetClient.js';
import { FleetStore } from './fleetStore.js';

const probe = await probeService('nats');
const digest = (n: number): string => n.toString(16).padStart(64, '0');


describeWithService(probe, 'FleetAgent (real NATS)', () => {
  let bucket = '';
  let directory = '';
  let client: FleetClient;
  const agents: FleetAgent[] = [];

  async function startAgent(instanceId: string, target: MemoryTarget): Promise<FleetAgent> {
    const agent = new FleetAgent({
      connection: { url: probe.url, bucket, timeoutMs: 1_000 }, instanceId, heartbeatMs: 150, goneAfterMs: 600,
      desiredStateFile: path.join(directory, instanceId, 'desired.json'), target, logger: createSilentLogger(),
    });
    agents.push(agent);
    await agent.start();
    return agent;
  }

  beforeEach(async () => {
    bucket = uniqueName('fleet_agent');
    directory = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-agent-'));
    client = await FleetClient.connect({ url: probe.url, bucket, timeoutMs: 2_000 });
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.stop()));
    await client.destroyBucket().catch(() => undefined);
    await client.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('heartbeats', () => {
    it('writes about one record per heartbeat per instance, not one in answer to every other instance\'s', async () => {
      await startAgent('a', new MemoryTarget());
      await startAgent('b', new MemoryTarget());
      await until('both instances heartbeat', async () => (await client.status()).instances.length === 2);
      const store = await FleetStore.open({ url: probe.url, bucket });
      let writes = 0;
      const watch = await store.watch((entry) => {
        writes += entry.key.startsWith('instance.') ? 1 : 0;
      }, () => undefined);
      try {
        writes = 0;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        // 2 instances x 1500 ms / 150 ms = 20 heartbeats; a write storm would be far more.
        expect(writes).toBeGreaterThanOrEqual(10);
        expect(writes).toBeLessThanOrEqual(30);
      } finally {
        watch.stop();
        await store.close();
      }
    });
    it('forgets the record of an instance gone for long (killed: it never removed it)', async () => {
      const store = await FleetStore.open({ url: probe.url, bucket });
      try {
        await store.write(instanceKey('killed'), { ...instanceFixture('killed', 'memory', Date.now() - 60_000), v: 1 }, undefined);
        await startAgent('a', new MemoryTarget());
        await until('the killed instance is forgotten', async () => (await client.status()).instances.map((instance) => instance.id).join() === 'a');
      } finally {
        await store.close();
      }
    });
  });

  describe('manifest floor', () => {
    it('is raised by the instance that accepted the higher manifest and fed to the others, never lowered', async () => {
      const [high, low] = [new MemoryTarget(), new MemoryTarget()];
      high.accepted = { serial: 7, digest: digest(7) };
      low.accepted = { serial: 3, digest: digest(3) };
      await startAgent('high', high);
      await startAgent('low', low);
      await until('the low instance takes the fleet floor 7', () => low.localFloors.some((floor) => floor.serial === 7));
      expect((await client.status()).floor).toMatchObject({ serial: 7, digest: digest(7) });
      low.accepted = { serial: 9, digest: digest(9) };
      await until('the high instance takes the fleet floor 9', () => high.localFloors.some((floor) => floor.serial === 9));
      await client.raiseFloor({ serial: 1, digest: digest(1) });
      expect((await client.status()).floor?.serial).toBe(9);
    });
  });

  describe('malformed desired state', () => {
    it('is reported in the instance record and not applied', async () => {
      const target = new MemoryTarget();
      await startAgent('a', target);
      const store = await FleetStore.open({ url: probe.url, bucket });
      try {
        await store.write(keyRecordKey('selection', 'adapter', 'cache'), { v: 1, domain: 'adapter', key: 'cache', provider: 42 }, undefined);
      } finally {
        await store.close();
      }
      await until('the instance reports the refused record', async () => (await client.status()).instances[0]?.problems.some((problem) => problem.includes('provider is not a non-empty string')) === true);
      expect(target.swaps).toEqual([]);
    });
  });

  describe('rollout driving', () => {
    it('takes over a rollout whose driver was killed (lease expired) and records why', async () => {
      const target = new MemoryTarget();
      await startAgent('a', target);
      const store = await FleetStore.open({ url: probe.url, bucket });
      try {
        await store.write(keyRecordKey('rollout', 'adapter', 'cache'), rolloutFixture({ driver: { instance: 'killed', leaseUntil: Date.now() - 1 }, bakeMs: 100 }), undefined);
      } finally {
        await store.close();
      }
      await until('the rollout is promoted', async () => (await client.rolloutStatus('adapter', 'cache')).state === 'promoted');
      const rollout = await client.rolloutStatus('adapter', 'cache');
      expect(rollout.decisions[0]).toMatchObject({ action: 'takeover', reason: 'a takes over driving: the lease of killed expired' });
      expect(rollout.driver?.instance).toBe('a');
      expect(target.provider).toBe('redis');
    });

    it('does not retry a failed swap while the same provider is desired (no flapping)', async () => {
      const target = new MemoryTarget(new Set(['broken']));
      await startAgent('a', target);
      await client.select('adapter', 'cache', 'broken');
      await until('the failure is published', async () => (await client.status()).instances[0]?.keys['adapter:cache']?.swapError?.provider === 'broken');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(target.swaps).toEqual(['broken']);
      await client.select('adapter', 'cache', 'redis');
      await until('the next provider is applied', () => target.provider === 'redis');
      await until('the stale failure is cleared', async () => (await client.status()).instances[0]?.keys['adapter:cache']?.swapError === null);
    });
  });
});
