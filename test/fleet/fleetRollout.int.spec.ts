// The fleet with real runtime processes on the real NATS: a selection converges every instance;
// a healthy rollout promotes through every step; a rollout to a provider whose health fails on
// the canary aborts, puts the canary back and never touches the others; two rollouts of one key
// started at once give exactly one conflict. `fleet select` goes through the oneiric CLI. Each
// instance's state is asked of the instance itself (its control channel), not taken from what it
// publishes to the bucket.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { FleetError, FleetErrorKind, type FleetClient, type FleetStatus, type RolloutRecord } from '@oneiric/fleet';
import { buildRuntimePackage } from '../runtime/runtimeProcessHarness.js';
import { describeWithService, probeService } from '../../packages/adapters/src/testing/liveServices.js';
import { waitUntil, type FleetMember } from './fleetCluster.js';
import { followRollout } from './followRollout.js';
import { useFleetCluster } from './useFleetCluster.js';

const nats = await probeService('nats');
const run = promisify(execFile);
// What `npx oneiric` runs: the package's launcher, which imports the compiled CLI.
const ONEIRIC = fileURLToPath(new URL('../../packages/cli/bin/oneiric.js', import.meta.url));
const CLUSTER_SIZE = 5;
const CONVERGE_TIMEOUT_MS = 20_000;
jest.setTimeout(60_000);

describeWithService(nats, 'fleet of 5 runtime processes', () => {
  const suite = useFleetCluster({ natsUrl: nats.url, size: CLUSTER_SIZE, settings: { heartbeat_ms: 500, gone_after_ms: 2_000 } });

  /** Runs the oneiric CLI with the first member's settings file (its `fleet` section names the bucket); its stdout. */
  async function oneiric(args: readonly string[]): Promise<string> {
    const member = suite.cluster.members[0] as FleetMember;
    const { stdout } = await run(process.execPath, [ONEIRIC, '--config', path.join(member.dir, 'oneiric-fleet.yaml'), ...args], { cwd: member.dir, env: { PATH: process.env['PATH'] ?? '' }, timeout: 30_000 });
    return stdout;
  }

  async function everyMemberRuns(provider: string, members: readonly FleetMember[] = suite.cluster.running()): Promise<number> {
    return waitUntil(
      async () => Object.values(await suite.cluster.providers(members)).every((live) => live === provider),
      CONVERGE_TIMEOUT_MS,
      `every member running ${provider}`,
      async () => JSON.stringify(await suite.cluster.providers(members)),
    );
  }

  // Each test starts from every member on v1, selected through the fleet.
  beforeEach(async () => {
    await suite.fleet.select('adapter', 'greeter', 'v1');
    await everyMemberRuns('v1');
  }, 60_000);

  describe('oneiric fleet select (the CLI, in its own process)', () => {
    beforeAll(async () => {
      await buildRuntimePackage('packages/cli');
    }, 240_000);

    it('converges all 5 instances on the selected provider; oneiric fleet status --json shows each on it at lag 0', async () => {
      const startedAt = Date.now();
      const selected = await oneiric(['fleet', 'select', 'adapter', 'greeter', 'v2']);
      expect(selected).toContain('Fleet selection adapter:greeter -> v2');
      await everyMemberRuns('v2');
      // Includes the CLI process's own start; printed for the record (no timing is asserted).
      console.log(`fleet select: all ${CLUSTER_SIZE} instances answer v2 ${Date.now() - startedAt} ms after the CLI started`);
      await waitUntil(async () => {
        const status = await suite.fleet.status();
        return status.instances.length === CLUSTER_SIZE && status.instances.every((instance) => instance.lag === 0 && !instance.gone);
      }, CONVERGE_TIMEOUT_MS, 'every instance record at lag 0', async () => JSON.stringify((await suite.fleet.status()).instances.map(({ id, lag, gone }) => ({ id, lag, gone }))));
      const status = JSON.parse(await oneiric(['fleet', 'status', '--json'])) as FleetStatus;
      expect(status.instances.map((instance) => [instance.id, instance.keys['adapter:greeter']?.provider, instance.lag])).toEqual(suite.cluster.members.map((member) => [member.id, 'v2', 0]));
    });
  });

  describe('a healthy rollout', () => {
    it('moves the canary, then each step, and promotes: every instance runs v2 and the selection says so', async () => {
      const startedAt = Date.now();
      const started = await suite.fleet.startRollout({ domain: 'adapter', key: 'greeter', toProvider: 'v2', canary: 1, steps: [50, 100], bakeMs: 1_000, maxErrorRatio: 0.01 });
      expect(started.fromProvider).toBe('v1');
      const seen = await followRollout(suite.fleet, started, { timeoutMs: 50_000, cluster: suite.cluster });
      console.log(`healthy rollout (3 stages, bake 1000 ms): ${seen.final.state} ${Date.now() - startedAt} ms after the start`);

      expect(seen.final.state).toBe('promoted');
      // Every stage was reached, in order, with the moved set growing: canary 1, 50% of 5 = 3, then 5.
      expect(seen.movedCountByStage).toEqual(new Map([[0, 1], [1, 3], [2, 5]]));
      expect(seen.final.decisions.map((decision) => decision.action).filter((action) => action !== 'takeover')).toEqual(expect.arrayContaining(['start', 'stage', 'promote']));
      expect(seen.final.decisions.at(-1)?.action).toBe('promote');
      expect(await suite.cluster.providers()).toEqual(Object.fromEntries(suite.cluster.members.map((member) => [member.id, 'v2'])));
      expect((await suite.fleet.status()).selections.find((selection) => selection.key === 'greeter')?.provider).toBe('v2');
    });
  });

  describe('a rollout to a provider whose health fails on the canary', () => {
    it('aborts with the reason, puts the canary back on v1 and never touches the other instances', async () => {
      const activatedBefore = new Map(await Promise.all(suite.cluster.members.map(async (member) => [member.id, (await suite.cluster.greeterOf(member))?.lastActivatedAt] as const)));
      // `sour` passes its health check when it goes live, then fails every later check.
      const startedAt = Date.now();
      const started = await suite.fleet.startRollout({ domain: 'adapter', key: 'greeter', toProvider: 'sour', canary: 1, steps: [50, 100], bakeMs: 4_000, maxErrorRatio: 0.5 });
      const seen = await followRollout(suite.fleet, started, { timeoutMs: 50_000, cluster: suite.cluster });
      console.log(`rollout to sour (health fails after going live): ${seen.final.state} ${Date.now() - startedAt} ms after the start: ${seen.final.decisions.at(-1)?.reason ?? ''}`);

      expect(seen.final.state).toBe('aborted');
      expect(seen.final.moved).toEqual([]);
      expect(seen.everMoved).toHaveLength(1);
      const abort = seen.final.decisions.at(-1);
      expect(abort?.action).toBe('abort');
      expect(abort?.reason).toMatch(/health/i);
      const canary = seen.everMoved[0];
      await everyMemberRuns('v1');
      for (const member of suite.cluster.members) {
        const activatedAt = (await suite.cluster.greeterOf(member))?.lastActivatedAt;
        if (member.id === canary) {
          // It went to sour and back: activated again since.
          expect(activatedAt).not.toBe(activatedBefore.get(member.id));
        } else {
          expect({ id: member.id, activatedAt }).toEqual({ id: member.id, activatedAt: activatedBefore.get(member.id) });
        }
      }
      expect(seen.providersSeenOutsideCanary).toEqual(new Set(['v1']));
    });

    it('aborts a rollout whose canary cannot even swap (health fails at activation), leaving every instance on v1', async () => {
      const startedAt = Date.now();
      const started = await suite.fleet.startRollout({ domain: 'adapter', key: 'greeter', toProvider: 'broken', canary: 1, steps: [100], bakeMs: 1_000, maxErrorRatio: 0.01 });
      const seen = await followRollout(suite.fleet, started, { timeoutMs: 50_000, cluster: suite.cluster });
      console.log(`rollout to broken (cannot swap): ${seen.final.state} ${Date.now() - startedAt} ms after the start: ${seen.final.decisions.at(-1)?.reason ?? ''}`);

      expect(seen.final.state).toBe('aborted');
      expect(seen.final.decisions.at(-1)?.reason).toMatch(/swap|health/i);
      expect(seen.everMoved).toHaveLength(1);
      expect(await suite.cluster.providers()).toEqual(Object.fromEntries(suite.cluster.members.map((member) => [member.id, 'v1'])));
    });
  });

  describe('two rollouts of one key started at once', () => {
    it('lets exactly one start; the other gets a FleetError of kind conflict', async () => {
      const rival = await suite.cluster.client();
      try {
        const options = { domain: 'adapter', key: 'greeter', toProvider: 'v2', canary: 1, steps: [100], bakeMs: 60_000 } as const;
        const outcomes = await Promise.allSettled([suite.fleet.startRollout(options), rival.startRollout(options)]);

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(refused).toHaveLength(1);
        // A typed conflict (the compare-and-set create lost), not a timeout or a crash.
        expect(refused[0]?.reason).toBeInstanceOf(FleetError);
        expect((refused[0]?.reason as FleetError).kind).toBe(FleetErrorKind.conflict);
      } finally {
        await rival.close();
      }
      await suite.fleet.abort('adapter', 'greeter');
      const final = await waitForFinished(suite.fleet);
      expect(final.state).toBe('aborted');
    });
  });
});

async function waitForFinished(fleet: FleetClient): Promise<RolloutRecord> {
  let record = await fleet.rolloutStatus('adapter', 'greeter');
  await waitUntil(async () => {
    record = await fleet.rolloutStatus('adapter', 'greeter');
    return record.state !== 'running';
  }, 30_000, 'the rollout finishing');
  return record;
}
