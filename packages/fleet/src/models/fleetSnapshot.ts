/** Everything the fleet bucket holds, decoded, with each record's revision. */
import type { ActivityRecord, FloorRecord, SelectionRecord } from '../models/desiredRecords.js';
import type { InstanceRecord } from './instanceRecord.js';
import type { RolloutRecord } from './rolloutRecord.js';

/**
 * A record with the bucket revision it was read at (what a compare-and-set update names).
 * @category Models
 */
export interface Revisioned<T> {
  /** The decoded record. */
  readonly record: T;
  /** The bucket revision of this value. */
  readonly revision: number;
}

/**
 * The bucket's content. Key maps are indexed by `domain:key`, instances by id.
 * @category Models
 */
export interface FleetSnapshot {
  /** Selections. */
  readonly selections: ReadonlyMap<string, Revisioned<SelectionRecord>>;
  /** Pause/drain records. */
  readonly activities: ReadonlyMap<string, Revisioned<ActivityRecord>>;
  /** Rollouts, running or finished. */
  readonly rollouts: ReadonlyMap<string, Revisioned<RolloutRecord>>;
  /** The manifest floor, if one was raised. */
  readonly floor: Revisioned<FloorRecord> | undefined;
  /** Instance records. */
  readonly instances: ReadonlyMap<string, Revisioned<InstanceRecord>>;
  /** Malformed records, by bucket key: why each was refused. */
  readonly problems: ReadonlyMap<string, string>;
  /** Highest revision of any desired-state record seen (selections, activities, rollouts, floor). */
  readonly desiredRevision: number;
}

/**
 * A bucket with nothing in it.
 * @category Models
 */
export const EMPTY_SNAPSHOT: FleetSnapshot = {
  selections: new Map(), activities: new Map(), rollouts: new Map(), floor: undefined, instances: new Map(), problems: new Map(), desiredRevision: 0,
};
