/** The operator's view of the fleet: every instance with heartbeat age, gone flag and lag (pure). */
import type { ActivityRecord, FloorRecord, SelectionRecord } from '../models/desiredRecords.js';
import type { FleetSnapshot } from '../models/fleetSnapshot.js';
import type { InstanceRecord } from '../models/instanceRecord.js';
import type { RolloutRecord } from '../models/rolloutRecord.js';
import { isInstanceGone } from './isInstanceGone.js';

/**
 * One instance as `fleet status` shows it.
 * @category Calculations
 */
export interface FleetInstanceStatus extends InstanceRecord {
  /** Milliseconds since its last heartbeat. */
  readonly heartbeatAgeMs: number;
  /** Its heartbeat stopped: rollouts ignore it. */
  readonly gone: boolean;
  /** Desired-state revisions it has not applied yet (0: converged). */
  readonly lag: number;
}

/**
 * What `FleetClient.status()` answers.
 * @category Calculations
 */
export interface FleetStatus {
  /** The bucket. */
  readonly bucket: string;
  /** Highest desired-state revision. */
  readonly desiredRevision: number;
  /** Instances, by id. */
  readonly instances: readonly FleetInstanceStatus[];
  /** Selections. */
  readonly selections: readonly SelectionRecord[];
  /** Pause/drain records. */
  readonly activities: readonly ActivityRecord[];
  /** Rollouts. */
  readonly rollouts: readonly RolloutRecord[];
  /** The manifest floor, or null. */
  readonly floor: FloorRecord | null;
  /** Malformed records: `bucket key: reason`. */
  readonly problems: readonly string[];
}

/**
 * Builds the status from a snapshot. An instance is gone when its heartbeat is older than
 * `goneAfterMs`, or, when that is not given, three of its own heartbeat periods.
 * @category Calculations
 */
export function fleetStatusOf(bucket: string, snapshot: FleetSnapshot, now: number, goneAfterMs?: number): FleetStatus {
  const instances = [...snapshot.instances.values()].map(({ record }) => ({
    ...record,
    heartbeatAgeMs: Math.max(0, now - record.heartbeatAt),
    gone: isInstanceGone(record, now, goneAfterMs ?? record.heartbeatMs * 3),
    lag: Math.max(0, snapshot.desiredRevision - record.appliedRevision),
  })).sort((a, b) => a.id.localeCompare(b.id));
  const records = <T>(map: ReadonlyMap<string, { record: T }>): T[] => [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, { record }]) => record);
  return {
    bucket,
    desiredRevision: snapshot.desiredRevision,
    instances,
    selections: records(snapshot.selections),
    activities: records(snapshot.activities),
    rollouts: records(snapshot.rollouts),
    floor: snapshot.floor?.record ?? null,
    problems: [...snapshot.problems].map(([key, problem]) => `${key}: ${problem}`).sort(),
  };
}
