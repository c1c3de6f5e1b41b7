import type { HealthSnapshot } from '../models/healthSnapshot.js';
import { StatusPageFeed } from './statusPageFeed.js';

const HEALTH: HealthSnapshot = {
  pid: 1, startedAt: '2026-12-07T14:00:00.000Z', updatedAt: '2026-12-07T14:00:00.000Z', profile: 'default', phase: 'running', ready: true,
  keys: [], remote: { enabled: false }, watchers: [],
};
const NOW = new Date('2026-12-07T14:00:01.000Z');
const VIEW = { facts: [{ label: 'bucket', value: 'oneiric_shop' }], columns: ['instance'], rows: [['a-1']] };

describe('StatusPageFeed.snapshot', () => {
  it('says the fleet is not configured without a fleet source, and carries health and time', async () => {
    const snapshot = await new StatusPageFeed().snapshot(HEALTH, NOW);
    expect(snapshot).toEqual({ now: '2026-12-07T14:00:01.000Z', health: HEALTH, recentSwaps: [], fleet: { state: 'notConfigured' } });
  });

  it('reads the fleet view from its source', async () => {
    const feed = new StatusPageFeed({ fleet: { fleetView: async () => VIEW } });
    expect((await feed.snapshot(HEALTH, NOW)).fleet).toEqual({ state: 'read', view: VIEW });
  });

  it('reads a fleet source shown after it was built (a fleet agent started with the runtime)', async () => {
    const feed = new StatusPageFeed();
    feed.showFleet({ fleetView: async () => VIEW });
    expect((await feed.snapshot(HEALTH, NOW)).fleet).toEqual({ state: 'read', view: VIEW });
  });

  it('shows a failing fleet source as unavailable with its error kind, never its message (it may hold a broker URL)', async () => {
    const failure = Object.assign(new Error('nats://admin:s3cret@nats:4222 unreachable'), { kind: 'connectionFailed' });
    const feed = new StatusPageFeed({ fleet: { fleetView: async () => { throw failure; } } });
    const snapshot = await feed.snapshot(HEALTH, NOW);
    expect(snapshot.fleet).toEqual({ state: 'unavailable', errorKind: 'connectionFailed' });
    expect(JSON.stringify(snapshot)).not.toContain('s3cret');
  });

  it('catches a source that throws instead of returning a promise', async () => {
    const feed = new StatusPageFeed({ fleet: { fleetView: () => { throw Object.assign(new Error('not connected'), { kind: 'notConnected' }); } } });
    expect((await feed.snapshot(HEALTH, NOW)).fleet).toEqual({ state: 'unavailable', errorKind: 'notConnected' });
  });

  it('names an error without a usable kind plainly "error" (a kind that is free text could carry anything)', async () => {
    const feed = new StatusPageFeed({ fleet: { fleetView: async () => { throw Object.assign(new Error('x'), { kind: 'has spaces <b>' }); } } });
    expect((await feed.snapshot(HEALTH, NOW)).fleet).toEqual({ state: 'unavailable', errorKind: 'error' });
  });

  it('does not wait longer than fleetTimeoutMs for a source that never answers', async () => {
    const feed = new StatusPageFeed({ fleetTimeoutMs: 50, fleet: { fleetView: () => new Promise(() => undefined) } });
    const started = performance.now();
    expect((await feed.snapshot(HEALTH, NOW)).fleet).toEqual({ state: 'unavailable', errorKind: 'timeout' });
    // Generous bound: the point is "not forever", not a timing target.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
