// An idle fleet writes only its heartbeats: with real runtime processes on the real NATS and no
// operator writing anything, the bucket grows by one record per instance per heartbeat period,
// not more (an instance record must not make the other instances publish theirs: that ping-pong
// would keep every instance busy and the bucket flooded).
import { jest } from '@jest/globals';
import { describeWithService, probeService } from '../../packages/adapters/src/testing/liveServices.js';
import { waitUntil } from './fleetCluster.js';
import { useFleetCluster } from './useFleetCluster.js';

const nats = await probeService('nats');
const CLUSTER_SIZE = 3;
const HEARTBEAT_MS = 500;
const WINDOW_MS = 5_000;
jest.setTimeout(60_000);

describeWithService(nats, 'an idle fleet of 3 runtime processes', () => {
  const suite = useFleetCluster({ natsUrl: nats.url, size: CLUSTER_SIZE, settings: { heartbeat_ms: HEARTBEAT_MS, gone_after_ms: 2_000 } });

  it('writes about one record per instance per heartbeat, and no more than twice that', async () => {
    await waitUntil(async () => (await suite.fleet.status()).instances.length === CLUSTER_SIZE, 20_000, 'every instance publishing');
    const kv = await suite.cluster.kv();
    const before = (await kv.status()).streamInfo.state.last_seq;
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const writes = (await kv.status()).streamInfo.state.last_seq - before;
    const heartbeats = CLUSTER_SIZE * ((Date.now() - startedAt) / HEARTBEAT_MS);
    console.log(`idle fleet of ${CLUSTER_SIZE}: ${writes} bucket writes in ${Date.now() - startedAt} ms (heartbeats: ${heartbeats.toFixed(0)})`);

    // Heartbeats may be late on a loaded machine (fewer writes), never multiplied.
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThanOrEqual(2 * heartbeats);
  });
});
