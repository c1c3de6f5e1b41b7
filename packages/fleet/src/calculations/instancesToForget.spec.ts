import { instanceFixture } from '../__fixtures__/instanceFixture.js';
import { EMPTY_SNAPSHOT, type FleetSnapshot } from '../models/fleetSnapshot.js';
import { instancesToForget } from './instancesToForget.js';

function snapshotOf(heartbeats: Record<string, number>): FleetSnapshot {
  return { ...EMPTY_SNAPSHOT, instances: new Map(Object.entries(heartbeats).map(([id, at], index) => [id, { record: instanceFixture(id, 'memory', at), revision: index + 1 }])) };
}

describe('instancesToForget', () => {
  const snapshot = snapshotOf({ a: 10_000, b: 10_000, old: 0, recent: 8_000 });

  it('lets only the first live instance by id forget the records gone for longer than the limit', () => {
    expect(instancesToForget(snapshot, 'a', 10_000, 1_000, 5_000)).toEqual([{ id: 'old', revision: 3 }]);
    expect(instancesToForget(snapshot, 'b', 10_000, 1_000, 5_000)).toEqual([]);
  });

  it('keeps a gone instance younger than the limit (it is shown as gone)', () => {
    expect(instancesToForget(snapshot, 'a', 10_000, 1_000, 20_000)).toEqual([]);
  });
});
