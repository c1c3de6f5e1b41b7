/** Folds one bucket entry (a put or a delete) into a {@link FleetSnapshot} (pure: a new snapshot out). */
import type { FleetSnapshot, Revisioned } from '../models/fleetSnapshot.js';
import { decodeActivity, decodeFloor, decodeInstance, decodeRollout, decodeSelection, type Decoded } from './decodeRecords.js';
import { parseFleetKey } from './fleetKeys.js';

/**
 * One entry read from the bucket.
 * @category Calculations
 */
export interface BucketEntry {
  /** Bucket key. */
  readonly key: string;
  /** Value bytes (empty for a delete). */
  readonly value: Uint8Array;
  /** Bucket revision. */
  readonly revision: number;
  /** A delete or purge removes the record. */
  readonly isDelete: boolean;
}

// A copy of `map` with `id` set to `value`, or removed when `value` is undefined.
function withEntry<V>(map: ReadonlyMap<string, V>, id: string, value: V | undefined): Map<string, V> {
  const next = new Map(map);
  if (value === undefined) {
    next.delete(id);
  } else {
    next.set(id, value);
  }
  return next;
}

/**
 * The snapshot after `entry`. A malformed value removes the key's record (it is not applied) and
 * lists the key under `problems`; a key this version does not know is ignored.
 * @category Calculations
 */
export function applyEntry(snapshot: FleetSnapshot, entry: BucketEntry): FleetSnapshot {
  const parsed = parseFleetKey(entry.key);
  if (parsed === undefined) {
    return snapshot;
  }
  // A record must name the key it is stored under: one copied to another key is not applied there.
  const decode = <T>(decoder: (bytes: Uint8Array) => Decoded<T>, isOwn: (record: T) => boolean = () => true): { value: Revisioned<T> | undefined; problem: string | undefined } => {
    if (entry.isDelete) {
      return { value: undefined, problem: undefined };
    }
    const decoded = decoder(entry.value);
    if (!decoded.ok) {
      return { value: undefined, problem: decoded.problem };
    }
    return isOwn(decoded.record) ? { value: { record: decoded.record, revision: entry.revision }, problem: undefined } : { value: undefined, problem: 'the record names another key than the one it is stored under' };
  };
  const isOwnKey = (record: { readonly domain: string; readonly key: string }): boolean => parsed.kind !== 'floor' && parsed.kind !== 'instance' && record.domain === parsed.domain && record.key === parsed.key;
  const desiredRevision = parsed.kind === 'instance' ? snapshot.desiredRevision : Math.max(snapshot.desiredRevision, entry.revision);
  switch (parsed.kind) {
    case 'instance': {
      const { value, problem } = decode(decodeInstance, (record) => record.id === parsed.id);
      return { ...snapshot, instances: withEntry(snapshot.instances, parsed.id, value), problems: withEntry(snapshot.problems, entry.key, problem) };
    }
    case 'floor': {
      const { value, problem } = decode(decodeFloor);
      return { ...snapshot, floor: value, desiredRevision, problems: withEntry(snapshot.problems, entry.key, problem) };
    }
    default: {
      const id = `${parsed.domain}:${parsed.key}`;
      const problems = (problem: string | undefined): Map<string, string> => withEntry(snapshot.problems, entry.key, problem);
      if (parsed.kind === 'selection') {
        const { value, problem } = decode(decodeSelection, isOwnKey);
        return { ...snapshot, selections: withEntry(snapshot.selections, id, value), desiredRevision, problems: problems(problem) };
      }
      if (parsed.kind === 'activity') {
        const { value, problem } = decode(decodeActivity, isOwnKey);
        return { ...snapshot, activities: withEntry(snapshot.activities, id, value), desiredRevision, problems: problems(problem) };
      }
      const { value, problem } = decode(decodeRollout, isOwnKey);
      return { ...snapshot, rollouts: withEntry(snapshot.rollouts, id, value), desiredRevision, problems: problems(problem) };
    }
  }
}
