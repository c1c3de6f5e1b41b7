// SIGKILL of a moved instance in the middle of a rollout, with real runtime processes on the
// real NATS: its heartbeat stops, the fleet shows it gone, and the rollout goes on without it
// (`onInstanceGone: continue`) or aborts and puts every moved instance back (`abort`). The
// killed instance, started again on the same cache directory, converges to the fleet's state.
import { jest } from '@jest/globals';
import type { RolloutRecord } from '@oneiric/fleet';
import { describeWithService, probeService } from '../../packages/adapters/src/testing/liveServices.js';
import { waitUntil, type FleetMember } from './fleetCluster.js';
import { followRollout, type FollowedRollout } from './followRollout.js';
import { useFleetCluster } from './useFleetCluster.js';

const nats = await probeService('nats');
const CLUSTER_SIZE = 4;
const GONE_AFTER_MS = 2_000;
jest.setTimeout(60_000);

describeWithService(nats, 'fleet rollout when a moved instance is SIGKILLed', () => {
  const suite = useFleetCluster({ natsUrl: nats.url, size: CLUSTER_SIZE, settings: { heartbeat_ms: 500, gone_after_ms: GONE_AFTER_MS } });

  beforeEach(async () => {
    // Every member runs (a killed one is started again) and runs v1.
    for (const member of suite.cluster.members.filter((each) => !suite.cluster.running().includes(each))) {
      await suite.cluster.startMember(member);
    }
    await suite.fleet.select('adapter', 'greeter', 'v1');
    await waitUntil(async () => Object.values(await suite.cluster.providers()).every((provider) => provider === 'v1'), 20_000, 'every member on v1');
  }, 90_000);

  /** Starts a rollout to v2 and SIGKILLs its canary once the canary runs v2; returns what happened and who was killed. */
  async function rolloutKillingTheCanary(onInstanceGone: 'continue' | 'abort'): Promise<{ seen: FollowedRollout; killed: FleetMember; killedAfterMs: number; shownGoneAfterMs: Promise<number> }> {
    const started = await suite.fleet.startRollout({ domain: 'adapter', key: 'greeter', toProvider: 'v2', canary: 1, steps: [50, 100], bakeMs: 4_000, maxErrorRatio: 0.01, onInstanceGone });
    let killed: FleetMember | undefined;
    let killedAt = 0;
    let shownGoneAfterMs: Promise<number> | undefined;
    const seen = await followRollout(suite.fleet, started, {
      timeoutMs: 50_000,
      onRecord: async (record: RolloutRecord) => {
        // Mid-bake of the canary stage: the canary converged and the bake has not ended.
        if (killed === undefined && record.stage === 0 && record.convergedAt !== null && record.moved.length === 1) {
          killed = suite.cluster.members.find((member) => member.id === record.moved[0]);
          killedAt = Date.now();
          await suite.cluster.kill(killed as FleetMember);
          // Watched meanwhile: `fleet status` shows it gone once its heartbeat is older than gone_after_ms
          // (and, much later, forgets it: so it is checked now, not after the rollout).
          const id = killed?.id;
          shownGoneAfterMs = waitUntil(async () => (await suite.fleet.status()).instances.find((instance) => instance.id === id)?.gone === true, 20_000, `${id} shown gone`);
          shownGoneAfterMs.catch(() => undefined);
        }
      },
    });
    if (killed === undefined || shownGoneAfterMs === undefined) throw new Error(`the canary stage never converged: ${JSON.stringify(seen.final.decisions)}`);
    return { seen, killed, killedAfterMs: Date.now() - killedAt, shownGoneAfterMs };
  }

  it('with onInstanceGone continue: marks it gone and promotes the others to v2; restarted, it converges to v2', async () => {
    const { seen, killed, killedAfterMs, shownGoneAfterMs } = await rolloutKillingTheCanary('continue');
    console.log(`SIGKILL mid-rollout (continue): shown gone ${await shownGoneAfterMs} ms after the kill; ${seen.final.state} ${killedAfterMs} ms after the kill; decisions: ${seen.final.decisions.map((decision) => `${decision.action}: ${decision.reason}`).join(' | ')}`);

    expect(seen.final.state).toBe('promoted');
    expect(seen.final.gone).toContain(killed.id);
    expect(seen.final.decisions.some((decision) => decision.action === 'gone')).toBe(true);
    const others = suite.cluster.running();
    expect(others.map((member) => member.id)).not.toContain(killed.id);
    expect(Object.values(await suite.cluster.providers(others))).toEqual(Array(CLUSTER_SIZE - 1).fill('v2'));

    await suite.cluster.startMember(killed);
    await waitUntil(async () => (await suite.cluster.greeterOf(killed))?.currentProvider === 'v2', 20_000, 'the restarted instance converging to v2');
  });

  it('with onInstanceGone abort: aborts naming the gone instance and puts every moved instance back on v1', async () => {
    const { seen, killed, killedAfterMs } = await rolloutKillingTheCanary('abort');
    console.log(`SIGKILL mid-rollout (abort): ${seen.final.state} ${killedAfterMs} ms after the kill; last decision: ${seen.final.decisions.at(-1)?.reason ?? ''}`);

    expect(seen.final.state).toBe('aborted');
    expect(seen.final.moved).toEqual([]);
    expect(seen.final.decisions.at(-1)?.action).toBe('abort');
    expect(seen.final.decisions.at(-1)?.reason).toContain(killed.id);
    expect(Object.values(await suite.cluster.providers())).toEqual(Array(CLUSTER_SIZE - 1).fill('v1'));
  });
});
