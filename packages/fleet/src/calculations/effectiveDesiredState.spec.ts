import { applyEntry } from './applyEntry.js';
import { effectiveDesiredState } from './effectiveDesiredState.js';
import { planConvergence } from './planConvergence.js';
import { keyRecordKey } from './fleetKeys.js';
import { EMPTY_SNAPSHOT, type FleetSnapshot } from '../models/fleetSnapshot.js';
import { rolloutFixture } from '../__fixtures__/rolloutFixture.js';

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const at = '2026-12-07T00:00:00.000Z';

function snapshotWith(entries: Array<[string, unknown]>): FleetSnapshot {
  return entries.reduce((snapshot, [key, value], index) => applyEntry(snapshot, { key, value: bytes(value), revision: index + 1, isDelete: false }), EMPTY_SNAPSHOT);
}

describe('effectiveDesiredState', () => {
  const selection = [keyRecordKey('selection', 'adapter', 'cache'), { v: 1, domain: 'adapter', key: 'cache', provider: 'redis', at, by: 'cli' }] as [string, unknown];

  it('gives every instance the selection', () => {
    const effective = effectiveDesiredState(snapshotWith([selection]), 'a');
    expect(effective.get('adapter:cache')).toEqual({ domain: 'adapter', key: 'cache', provider: 'redis' });
  });

  it('gives a moved instance of a running rollout its toProvider, and the others the selection', () => {
    const rollout = rolloutFixture({ moved: ['a'], stage: 0, fromProvider: 'redis', toProvider: 'redis-v2' });
    const snapshot = snapshotWith([selection, [keyRecordKey('rollout', 'adapter', 'cache'), rollout]]);
    expect(effectiveDesiredState(snapshot, 'a').get('adapter:cache')?.provider).toBe('redis-v2');
    expect(effectiveDesiredState(snapshot, 'b').get('adapter:cache')?.provider).toBe('redis');
  });

  it('sends moved instances back when the rollout is aborted, to fromProvider when there is no selection', () => {
    const rollout = rolloutFixture({ moved: [], state: 'aborted', fromProvider: 'memory', toProvider: 'redis' });
    const snapshot = snapshotWith([[keyRecordKey('rollout', 'adapter', 'cache'), rollout]]);
    expect(effectiveDesiredState(snapshot, 'a').get('adapter:cache')?.provider).toBe('memory');
  });

  it('does not apply a record stored under another key than the one it names', () => {
    const snapshot = snapshotWith([[keyRecordKey('selection', 'adapter', 'queue'), { v: 1, domain: 'adapter', key: 'cache', provider: 'redis', at, by: 'cli' }]]);
    expect(effectiveDesiredState(snapshot, 'a').size).toBe(0);
    expect([...snapshot.problems.values()]).toEqual(['the record names another key than the one it is stored under']);
  });

  it('does not apply a malformed record, and reports it', () => {
    const snapshot = snapshotWith([[keyRecordKey('selection', 'adapter', 'cache'), { v: 1, domain: 'adapter', key: 'cache' }]]);
    expect(effectiveDesiredState(snapshot, 'a').size).toBe(0);
    expect([...snapshot.problems.values()][0]).toMatch(/provider is not a non-empty string/);
  });
});

describe('planConvergence', () => {
  const effective = new Map([
    ['adapter:cache', { domain: 'adapter' as const, key: 'cache', provider: 'redis', activity: { paused: true, draining: false, note: 'maintenance' } }],
    ['adapter:queue', { domain: 'adapter' as const, key: 'queue', provider: 'nats' }],
  ]);

  it('pauses before it swaps, and skips what already matches', () => {
    const steps = planConvergence(effective, new Map([['adapter:queue', { provider: 'nats', paused: false, draining: false }]]), new Map(), () => true);
    expect(steps).toEqual([
      { action: 'activity', domain: 'adapter', key: 'cache', paused: true, draining: false, note: 'maintenance' },
      { action: 'swap', domain: 'adapter', key: 'cache', provider: 'redis' },
    ]);
  });

  it('does not retry a provider whose swap failed, nor touch keys the instance does not know', () => {
    expect(planConvergence(effective, new Map(), new Map([['adapter:cache', 'redis']]), (_, key) => key === 'cache')).toEqual([
      { action: 'activity', domain: 'adapter', key: 'cache', paused: true, draining: false, note: 'maintenance' },
    ]);
  });
});
