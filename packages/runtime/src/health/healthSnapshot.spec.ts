// The health snapshot: what it says about keys and readiness, and the file the writer keeps.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Oneiric } from '@oneiric/core';
import { createDomainBridges, type DomainBridges } from '@oneiric/domains';
import type { HealthSnapshot } from '../models/healthSnapshot.js';
import { buildHealthSnapshot, remoteHealthOf, type HealthInputs } from './buildHealthSnapshot.js';
import { HealthSnapshotWriter } from './healthSnapshotWriter.js';
import { readKeyHealth } from './readKeyHealth.js';

const BASE: HealthInputs = {
  pid: 42,
  startedAt: '2026-01-01T00:00:00.000Z',
  now: '2026-01-01T00:00:05.000Z',
  profile: 'default',
  phase: 'running',
  keys: [],
  activity: [],
  remote: { enabled: false },
  watchers: [],
};

describe('buildHealthSnapshot', () => {
  it('is ready only while running with every key ready and none unhealthy', () => {
    const ready = buildHealthSnapshot({ ...BASE, keys: [{ domain: 'adapter', key: 'cache', state: 'ready', provider: 'memory' }] });
    expect(ready.ready).toBe(true);
    expect(buildHealthSnapshot({ ...BASE, phase: 'stopping', keys: ready.keys }).ready).toBe(false);
    const failed = buildHealthSnapshot({ ...BASE, keys: [{ domain: 'adapter', key: 'cache', state: 'failed', provider: 'memory' }] });
    expect(failed.ready).toBe(false);
    const forced = buildHealthSnapshot({ ...BASE, keys: [{ domain: 'adapter', key: 'cache', state: 'ready', provider: 'memory', unhealthyReason: 'forced' }] });
    expect(forced.ready).toBe(false);
    expect(forced.keys[0]?.healthy).toBe(false);
  });

  it('marks paused and draining keys from the activity store and sorts keys', () => {
    const snapshot = buildHealthSnapshot({
      ...BASE,
      keys: [
        { domain: 'service', key: 'mailer', state: 'ready', provider: 'smtp', lastHealthAt: BASE.now },
        { domain: 'adapter', key: 'cache', state: 'ready', provider: 'memory', breaker: 'closed' },
      ],
      activity: [{ domain: 'service', key: 'mailer', paused: true, draining: false }],
    });
    expect(snapshot.keys).toEqual([
      { domain: 'adapter', key: 'cache', state: 'ready', provider: 'memory', healthy: null, paused: false, draining: false, breaker: 'closed' },
      { domain: 'service', key: 'mailer', state: 'ready', provider: 'smtp', healthy: true, paused: true, draining: false },
    ]);
  });

  it('keeps the remote fields a status has', () => {
    expect(remoteHealthOf(undefined)).toEqual({ enabled: false });
    expect(remoteHealthOf({ lastSuccessAt: BASE.now, lastSerial: 7 })).toEqual({ enabled: true, lastSuccessAt: BASE.now, serial: 7 });
  });
});

describe('HealthSnapshotWriter', () => {
  let directory: string;
  let app: Oneiric;
  let bridges: DomainBridges;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'oneiric-health-'));
    app = new Oneiric();
    for (const provider of ['redis', 'memory']) {
      app.register({ domain: 'adapter', key: 'cache', provider, priority: provider === 'redis' ? 2 : 1, factory: { kind: 'function', build: () => ({ provider }) } });
    }
    await app.start();
    bridges = await createDomainBridges(app);
  });

  afterEach(async () => {
    await bridges.close();
    await app.close();
    await rm(directory, { recursive: true, force: true });
  });

  function writerFor(file: string): HealthSnapshotWriter {
    return new HealthSnapshotWriter({
      file,
      build: () => buildHealthSnapshot({ ...BASE, pid: process.pid, now: new Date().toISOString(), keys: readKeyHealth(app), activity: bridges.activity.list() }),
    });
  }

  async function readSnapshot(file: string): Promise<HealthSnapshot> {
    return JSON.parse(await readFile(file, 'utf8')) as HealthSnapshot;
  }

  it('writes the file 0600 in a 0700 directory, and rewrites it after a swap and a pause', async () => {
    const file = path.join(directory, 'cache', 'runtime', 'health.json');
    const writer = writerFor(file);
    app.on('swapped', () => writer.changed());
    bridges.activity.onChange(() => writer.changed());
    await writer.flush();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect((await readSnapshot(file)).keys).toEqual([expect.objectContaining({ key: 'cache', provider: 'redis', state: 'ready' })]);

    await app.swap('adapter', 'cache', { provider: 'memory' });
    await bridges.adapters.pause('cache');
    await writer.close();

    const snapshot = await readSnapshot(file);
    expect(snapshot.keys).toEqual([expect.objectContaining({ key: 'cache', provider: 'memory', paused: true })]);
    expect(snapshot.pid).toBe(process.pid);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('coalesces a burst of changes and ends with the latest state on disk', async () => {
    const file = path.join(directory, 'health.json');
    let builds = 0;
    const writer = new HealthSnapshotWriter({
      file,
      coalesceMs: 10,
      build: () => {
        builds += 1;
        return buildHealthSnapshot({ ...BASE, watchers: [`build-${builds}`] });
      },
    });
    for (let change = 0; change < 100; change += 1) {
      writer.changed();
    }
    await writer.close();
    expect(builds).toBeLessThan(5);
    expect((await readSnapshot(file)).watchers).toEqual([`build-${builds}`]);
    writer.changed();
    expect(builds).toBeLessThan(5);
  });
});
