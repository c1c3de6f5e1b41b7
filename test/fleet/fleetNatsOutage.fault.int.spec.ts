// Fault test: the machine's NATS server is stopped in the middle of a rollout across real runtime
// processes and started again with the machine's own command. While it is down every instance
// keeps serving what it runs (no flapping), and an instance killed and started again meanwhile
// starts from the desired state it saved in its cache directory; after NATS is back the rollout
// finishes and every instance converges: none is left half-way. Runs alone (the serial
// `npm run test:fault` pass), since every suite that uses NATS loses it meanwhile; NATS is started
// again even on failure.
import { jest } from '@jest/globals';
import type { RolloutRecord } from '@oneiric/fleet';
import { describeWithService, probeService } from '../../packages/adapters/src/testing/liveServices.js';
import { waitUntil, type FleetCluster, type FleetMember } from './fleetCluster.js';
import { followRollout } from './followRollout.js';
import { useFleetCluster } from './useFleetCluster.js';
import { startNats, stopNats } from './natsServerProcess.js';

const nats = await probeService('nats');
const CLUSTER_SIZE = 3;
const OUTAGE_MS = 5_000;
jest.setTimeout(60_000);

/** What happened while NATS was down. */
interface Outage {
  /** Providers the instances that kept running answered with (polled through their control channels). */
  readonly served: Set<string>;
  /** Polls an instance that kept running did not answer. */
  readonly unanswered: number;
  /** The provider the instance started during the outage came up with. */
  readonly restartedWith: string | null;
  /** Timings, in order. */
  readonly timings: string[];
}

describeWithService(nats, 'fleet rollout while NATS is stopped and started again', () => {
  // Whatever happens below, the machine's NATS is left running.
  const suite = useFleetCluster({ natsUrl: nats.url, size: CLUSTER_SIZE, settings: { heartbeat_ms: 500, gone_after_ms: 3_000 }, beforeStop: () => startNats(nats.url) });

  it('keeps every instance serving during the outage, restarts one from its saved state, then finishes the rollout with every instance on one provider', async () => {
    // v2 everywhere first, so that the saved desired state differs from the default provider (v1).
    await suite.fleet.select('adapter', 'greeter', 'v2');
    await waitUntil(async () => Object.values(await suite.cluster.providers()).every((provider) => provider === 'v2'), 20_000, 'every instance on v2');
    const started = await suite.fleet.startRollout({ domain: 'adapter', key: 'greeter', toProvider: 'v3', canary: 1, steps: [100], bakeMs: 2_000, maxErrorRatio: 0.01 });
    const startedAt = Date.now();
    let outage: Promise<Outage> | undefined;
    const seen = await followRollout(suite.fleet, started, {
      timeoutMs: 55_000,
      onRecord: (record: RolloutRecord) => {
        // Mid-bake of the canary stage: one instance moved, the others not yet.
        if (outage === undefined && record.stage === 0 && record.convergedAt !== null) {
          const notMoved = suite.cluster.members.find((member) => !record.moved.includes(member.id)) as FleetMember;
          outage = outageOf(suite.cluster, notMoved, startedAt);
        }
      },
    }).catch(async (error: unknown) => {
      await outage?.catch(() => undefined);
      throw error;
    });
    if (outage === undefined) throw new Error('the canary stage never converged before the outage');
    const { served, unanswered, restartedWith, timings } = await outage;
    const agreedIn = await waitUntil(async () => new Set(Object.values(await suite.cluster.providers())).size === 1, 20_000, 'every instance on one provider');
    timings.push(`rollout ${seen.final.state} ${Date.now() - startedAt} ms after it started (${agreedIn} ms more for every instance to agree)`);
    console.log(`NATS outage during a rollout: ${timings.join('; ')}; decisions: ${seen.final.decisions.map((decision) => `${decision.action}: ${decision.reason}`).join(' | ')}`);

    // While NATS was down: the canary kept v3, the others v2, every instance answered, and the
    // one started meanwhile came up on v2 from its saved desired state (not v1, the default).
    expect(served).toEqual(new Set(['v2', 'v3']));
    expect(unanswered).toBe(0);
    expect(restartedWith).toBe('v2');
    // A promoted rollout moved every instance through its 100% step: none reached v3 only through
    // the final selection because the outage made its heartbeat look stale.
    if (seen.final.state === 'promoted') expect([...seen.final.moved].sort()).toEqual(suite.cluster.members.map((member) => member.id));
    const expected = seen.final.state === 'promoted' ? 'v3' : 'v2';
    expect(Object.values(await suite.cluster.providers())).toEqual(Array(CLUSTER_SIZE).fill(expected));
    await waitUntil(async () => (await suite.fleet.status()).instances.every((instance) => instance.lag === 0 && instance.connected && !instance.gone), 20_000, 'every instance record connected at lag 0');
  });
});

/**
 * Stops NATS; meanwhile polls the instances through their control channels, kills `restarted`
 * and starts it again (same cache directory); starts NATS again after at least `OUTAGE_MS`.
 */
async function outageOf(cluster: FleetCluster, restarted: FleetMember, startedAt: number): Promise<Outage> {
  const outage = { served: new Set<string>(), unanswered: 0, restartedWith: null as string | null, timings: [] as string[] };
  const stopAt = Date.now();
  await stopNats(cluster.natsUrl);
  outage.timings.push(`NATS stopped ${stopAt - startedAt} ms into the rollout (took ${Date.now() - stopAt} ms)`);
  try {
    const keptRunning = cluster.running().filter((member) => member !== restarted);
    const restart = (async () => {
      await cluster.kill(restarted);
      const restartAt = Date.now();
      await cluster.startMember(restarted);
      outage.restartedWith = (await cluster.greeterOf(restarted))?.currentProvider ?? null;
      outage.timings.push(`${restarted.id} SIGKILLed and started again with NATS down: answering on ${outage.restartedWith ?? '?'} after ${Date.now() - restartAt} ms`);
    })();
    const downUntil = Date.now() + OUTAGE_MS;
    while (Date.now() < downUntil) {
      for (const provider of Object.values(await cluster.providers(keptRunning))) {
        if (provider === null) outage.unanswered += 1;
        else outage.served.add(provider);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await restart;
  } finally {
    const startAt = Date.now();
    await startNats(cluster.natsUrl);
    outage.timings.push(`NATS down ${Date.now() - stopAt} ms, accepting again ${Date.now() - startAt} ms after the start command`);
  }
  return outage;
}
