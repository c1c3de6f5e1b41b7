// Fault test: the machine's NATS server is stopped in the middle of a rollout across real runtime
// processes and started again with the machine's own command. While it is down every instance
// keeps serving what it runs (no flapping); after it is back the rollout finishes and every
// instance converges: none is left half-way. Runs alone (the serial `npm run test:fault` pass),
// since every suite that uses NATS loses it meanwhile; NATS is started again even on failure.
import { jest } from '@jest/globals';
import type { RolloutRecord } from '@oneiric/fleet';
import { describeWithService, probeService } from '../../packages/adapters/src/testing/liveServices.js';
import { waitUntil, type FleetCluster } from './fleetCluster.js';
import { followRollout } from './followRollout.js';
import { useFleetCluster } from './useFleetCluster.js';
import { startNats, stopNats } from './natsServerProcess.js';

const nats = await probeService('nats');
const CLUSTER_SIZE = 3;
const OUTAGE_MS = 5_000;
jest.setTimeout(60_000);

describeWithService(nats, 'fleet rollout while NATS is stopped and started again', () => {
  // Whatever happens below, the machine's NATS is left running.
  const suite = useFleetCluster({ natsUrl: nats.url, size: CLUSTER_SIZE, settings: { heartbeat_ms: 500, gone_after_ms: 3_000 }, beforeStop: () => startNats(nats.url) });

  it('keeps every instance serving during the outage, then finishes the rollout with every instance on one provider', async () => {
    const timings: string[] = [];
    const started = await suite.fleet.startRollout({ domain: 'adapter', key: 'greeter', toProvider: 'v2', canary: 1, steps: [100], bakeMs: 2_000, maxErrorRatio: 0.01 });
    const startedAt = Date.now();
    let outage: Promise<{ during: Set<string>; unanswered: number }> | undefined;
    const followed = followRollout(suite.fleet, started, {
      timeoutMs: 55_000,
      onRecord: (record: RolloutRecord) => {
        // Mid-bake of the canary stage: one instance moved, the others not yet.
        if (outage === undefined && record.stage === 0 && record.convergedAt !== null) {
          outage = outageOf(suite.cluster, timings, startedAt);
        }
      },
    });
    const seen = await followed.catch(async (error: unknown) => {
      await outage;
      throw error;
    });
    if (outage === undefined) throw new Error('the canary stage never converged before the outage');
    const { during, unanswered } = await outage;
    const everyProvider = await waitUntil(async () => new Set(Object.values(await suite.cluster.providers())).size === 1, 20_000, 'every instance on one provider');
    timings.push(`rollout ${seen.final.state} ${Date.now() - startedAt} ms after it started (${everyProvider} ms more for every instance to agree)`);
    console.log(`NATS outage during a rollout: ${timings.join('; ')}; decisions: ${seen.final.decisions.map((decision) => `${decision.action}: ${decision.reason}`).join(' | ')}`);

    // While NATS was down: the canary kept v2, the others v1, and every instance answered.
    expect(during).toEqual(new Set(['v1', 'v2']));
    expect(unanswered).toBe(0);
    const expected = seen.final.state === 'promoted' ? 'v2' : 'v1';
    expect(Object.values(await suite.cluster.providers())).toEqual(Array(CLUSTER_SIZE).fill(expected));
    await waitUntil(async () => (await suite.fleet.status()).instances.every((instance) => instance.lag === 0 && instance.connected && !instance.gone), 20_000, 'every instance record connected at lag 0');
  });
});

/** Stops NATS, watches the instances through their control channels for the outage, starts NATS again. */
async function outageOf(cluster: FleetCluster, timings: string[], startedAt: number): Promise<{ during: Set<string>; unanswered: number }> {
  const during = new Set<string>();
  let unanswered = 0;
  const stopAt = Date.now();
  await stopNats(cluster.natsUrl);
  timings.push(`NATS stopped ${stopAt - startedAt} ms into the rollout (took ${Date.now() - stopAt} ms)`);
  try {
    const downUntil = Date.now() + OUTAGE_MS;
    while (Date.now() < downUntil) {
      for (const provider of Object.values(await cluster.providers())) {
        if (provider === null) unanswered += 1;
        else during.add(provider);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    const startAt = Date.now();
    await startNats(cluster.natsUrl);
    timings.push(`NATS down ${Date.now() - stopAt} ms, accepting again ${Date.now() - startAt} ms after the start command`);
  }
  return { during, unanswered };
}
