/** Which gone instances' records to delete, and whether this instance is the one to do it (pure). */
import type { FleetSnapshot } from '../models/fleetSnapshot.js';

/**
 * Instance ids (with the revision to delete them at) whose heartbeat is older than `forgetAfterMs`,
 * when `self` is the first live instance by id (one instance prunes, not all); else none. A
 * record deleted this way comes back with the instance's next heartbeat if it was only cut off.
 * @category Calculations
 */
export function instancesToForget(snapshot: FleetSnapshot, self: string, now: number, goneAfterMs: number, forgetAfterMs: number): Array<{ readonly id: string; readonly revision: number }> {
  const live = [...snapshot.instances.values()].filter(({ record }) => now - record.heartbeatAt <= goneAfterMs).map(({ record }) => record.id).sort();
  if (live[0] !== self) {
    return [];
  }
  return [...snapshot.instances.values()].filter(({ record }) => now - record.heartbeatAt > forgetAfterMs).map(({ record, revision }) => ({ id: record.id, revision }));
}
