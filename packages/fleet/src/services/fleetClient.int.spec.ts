// The fleet client against the real NATS JetStream: each test its own bucket, deleted after.
import { describeWithService, probeService, uniqueName } from '../../../adapters/src/testing/liveServices.js';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import { FleetClient } from './fleetClient.js';
import { FleetStore } from './fleetStore.js';
import { FLOOR_KEY, keyRecordKey } from '../calculations/fleetKeys.js';

const probe = await probeService('nats');
const digest = (n: number): string => n.toString(16).padStart(64, '0');

describeWithService(probe, 'FleetClient (real NATS)', () => {
  let bucket: string;
  const clients: FleetClient[] = [];
  const connect = async (): Promise<FleetClient> => {
    const client = await FleetClient.connect({ url: probe.url, bucket, timeoutMs: 2_000, actor: `test-${clients.length}` });
    clients.push(client);
    return client;
  };

  beforeEach(() => {
    bucket = uniqueName('fleet');
  });

  afterEach(async () => {
    await clients[0]?.destroyBucket().catch(() => undefined);
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  describe('startRollout', () => {
    it('when two operators start a rollout of one key at once, exactly one gets a conflict', async () => {
      const [first, second] = [await connect(), await connect()];
      await first.select('adapter', 'cache', 'memory');
      const results = await Promise.allSettled([
        first.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'redis' }),
        second.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'redis-v2' }),
      ]);
      const refused = results.filter((result) => result.status === 'rejected');
      expect(refused).toHaveLength(1);
      const reason = (refused[0] as PromiseRejectedResult).reason as FleetError;
      expect(reason).toBeInstanceOf(FleetError);
      expect(reason.kind).toBe(FleetErrorKind.conflict);
      expect((await first.rolloutStatus('adapter', 'cache')).state).toBe('running');
    });

    it('makes a select that read the key before the rollout started fail its write (conflict), so the two cannot both win', async () => {
      const [operator, rollingOut] = [await connect(), await connect()];
      await operator.select('adapter', 'cache', 'memory');
      const store = await FleetStore.open({ url: probe.url, bucket });
      try {
        // What `select` does, split at its read: it read the selection (and saw no rollout) ...
        const name = keyRecordKey('selection', 'adapter', 'cache');
        const readBeforeStart = await store.readKey(name);
        // ... the other operator's rollout starts in between ...
        const rollout = await rollingOut.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'redis' });
        expect(rollout.fromProvider).toBe('memory');
        // ... and its write on the revision it read is refused: it would have moved every instance
        // off the provider the rollout moves them from.
        const lateSelect = { v: 1, domain: 'adapter', key: 'cache', provider: 'redis-v3', at: 'now', by: 'operator' };
        await expect(store.write(name, lateSelect, readBeforeStart?.revision)).rejects.toMatchObject({ kind: FleetErrorKind.conflict });
        expect((await operator.status()).selections).toEqual([expect.objectContaining({ domain: 'adapter', key: 'cache', provider: 'memory' })]);
      } finally {
        await store.close();
      }
    });

    it('never lets a racing select and rollout start both win: a running rollout always starts from the selected provider', async () => {
      const [operator, rollingOut] = [await connect(), await connect()];
      const outcomes = new Set<string>();
      for (let round = 0; round < 20; round += 1) {
        const key = `cache${round}`;
        await operator.select('adapter', key, 'memory');
        const [selected, started] = await Promise.allSettled([
          operator.select('adapter', key, 'redis-v3'),
          rollingOut.startRollout({ domain: 'adapter', key, toProvider: 'redis', fromProvider: 'memory' }),
        ]);
        outcomes.add(`${selected.status}/${started.status}`);
        const status = await operator.status();
        const selection = status.selections.find((each) => each.key === key)?.provider;
        const rollout = await operator.rolloutStatus('adapter', key).catch(() => undefined);
        if (rollout?.state === 'running') {
          // The rollout moves instances from memory: the selection must still say memory.
          expect({ round, selection }).toEqual({ round, selection: 'memory' });
          expect(selected.status).toBe('rejected');
        }
        for (const outcome of [selected, started]) {
          if (outcome.status === 'rejected') {
            expect((outcome.reason as FleetError).kind).toBe(FleetErrorKind.conflict);
          }
        }
        if (started.status === 'rejected' && rollout !== undefined) {
          // A start that lost after creating its record withdrew it.
          expect(rollout.state).toBe('aborted');
        }
      }
      // Printed so a run shows which interleavings it met (each is checked above).
      console.log(`select vs rollout start, 20 races: ${[...outcomes].join(', ')}`);
    });

    it('refuses a selection of the key while its rollout runs (conflict), and accepts it after an abort is honoured', async () => {
      const client = await connect();
      await client.select('adapter', 'cache', 'memory');
      await client.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'redis' });
      await expect(client.select('adapter', 'cache', 'redis')).rejects.toMatchObject({ kind: FleetErrorKind.conflict });
      const aborting = await client.abort('adapter', 'cache');
      expect(aborting.command).toBe('abort');
    });
  });

  describe('select', () => {
    it('when two writers update from the same revision, exactly one wins', async () => {
      const client = await connect();
      await client.select('adapter', 'cache', 'memory');
      const store = await FleetStore.open({ url: probe.url, bucket });
      try {
        const name = keyRecordKey('selection', 'adapter', 'cache');
        const read = await store.readKey(name);
        const record = { v: 1, domain: 'adapter', key: 'cache', provider: 'x', at: 'now', by: 'test' };
        const results = await Promise.allSettled([store.write(name, record, read?.revision), store.write(name, { ...record, provider: 'y' }, read?.revision)]);
        expect(results.filter((result) => result.status === 'rejected').map((result) => ((result as PromiseRejectedResult).reason as FleetError).kind)).toEqual([FleetErrorKind.conflict]);
      } finally {
        await store.close();
      }
    });
  });

  describe('raiseFloor', () => {
    it('never lowers the floor, whatever order concurrent instances raise it in', async () => {
      const clients = await Promise.all([connect(), connect(), connect()]);
      await Promise.all([7, 3, 9, 5, 8].map((serial, index) => clients[index % 3]?.raiseFloor({ serial, digest: digest(serial) })));
      expect((await clients[0]?.status())?.floor).toMatchObject({ serial: 9, digest: digest(9) });
      expect(await clients[1]?.raiseFloor({ serial: 2, digest: digest(2) })).toEqual({ serial: 9, digest: digest(9) });
      expect((await clients[2]?.status())?.floor?.serial).toBe(9);
    });

    it('refuses to overwrite a malformed floor (invalidRecord)', async () => {
      const client = await connect();
      const store = await FleetStore.open({ url: probe.url, bucket });
      try {
        await store.write(FLOOR_KEY, { v: 1, serial: 'high', digest: digest(1), at: 'now', by: 'attacker' }, undefined);
        await expect(client.raiseFloor({ serial: 1, digest: digest(1) })).rejects.toMatchObject({ kind: FleetErrorKind.invalidRecord });
        expect((await client.status()).problems[0]).toMatch(/manifest.floor: serial is not a number/);
      } finally {
        await store.close();
      }
    });
  });

  describe('watchRollout', () => {
    it('yields the current record, then each change, and ends on a finished rollout', async () => {
      const client = await connect();
      await client.select('adapter', 'cache', 'memory');
      await client.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'redis' });
      const seen: string[] = [];
      const watching = (async () => {
        for await (const record of client.watchRollout('adapter', 'cache')) {
          seen.push(`${record.state}:${record.command ?? '-'}`);
          if (record.command === null && record.state === 'running') {
            await client.abort('adapter', 'cache');
          } else if (record.command === 'abort') {
            // Stand in for the driver: the abort honoured.
            const store = await FleetStore.open({ url: probe.url, bucket });
            const name = keyRecordKey('rollout', 'adapter', 'cache');
            const entry = await store.readKey(name);
            await store.write(name, { ...record, state: 'aborted', command: null, moved: [] }, entry?.revision);
            await store.close();
          }
        }
      })();
      await watching;
      expect(seen).toEqual(['running:-', 'running:abort', 'aborted:-']);
    });
  });

  it('fails with connectionFailed naming the server but no credential when nothing listens', async () => {
    const error = await FleetClient.connect({ url: 'nats://user:s3cret@127.0.0.1:1', bucket: 'x', timeoutMs: 500 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: FleetErrorKind.connectionFailed });
    expect((error as Error).message).toContain('nats://127.0.0.1:1');
    expect((error as Error).message).not.toContain('s3cret');
  });
});
