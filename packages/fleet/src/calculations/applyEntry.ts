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

function withEntry<T>(map: ReadonlyMap<string, Revisioned<T>>, id: string, value: Revisioned<T> | undefined): Map<string, Revisioned<T>> {
  const next = new Map(map);
  if (value === undefined) {
    next.delete(id);
  } else {
    next.set(id, value);
  }
  return next;
}

function withProblem(problems: ReadonlyMap<string, string>, key: string, problem: string | undefined): Map<string, string> {
  const next = new Map(problems);
  if (problem === undefined) {
    next.delete(key);
  } else {
    next.set(key, problem);
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
  const decode = <T>(decoder: (bytes: Uint8Array) => Decoded<T>): { value: Revisioned<T> | undefined; problem: string | undefined } => {
    if (entry.isDelete) {
      return { value: undefined, problem: undefined };
    }
    const decoded = decoder(entry.value);
    return decoded.ok ? { value: { record: decoded.record, revision: entry.revision }, problem: undefined } : { value: undefined, problem: decoded.problem };
  };
  const desiredRevision = parsed.kind === 'instance' ? snapshot.desiredRevision : Math.max(snapshot.desiredRevision, entry.revision);
  switch (parsed.kind) {
    case 'instance': {
      const { value, problem } = decode(decodeInstance);
      return { ...snapshot, instances: withEntry(snapshot.instances, parsed.id, value), problems: withProblem(snapshot.problems, entry.key, problem) };
    }
    case 'floor': {
      const { value, problem } = decode(decodeFloor);
      return { ...snapshot, floor: value, desiredRevision, problems: withProblem(snapshot.problems, entry.key, problem) };
    }
    default: {
      const id = `${parsed.domain}:${parsed.key}`;
      const problems = (problem: string | undefined): Map<string, string> => withProblem(snapshot.problems, entry.key, problem);
      if (parsed.kind === 'selection') {
        const { value, problem } = decode(decodeSelection);
        return { ...snapshot, selections: withEntry(snapshot.selections, id, value), desiredRevision, problems: problems(problem) };
      }
      if (parsed.kind === 'activity') {
        const { value, problem } = decode(decodeActivity);
        return { ...snapshot, activities: withEntry(snapshot.activities, id, value), desiredRevision, problems: problems(problem) };
      }
      const { value, problem } = decode(decodeRollout);
      return { ...snapshot, rollouts: withEntry(snapshot.rollouts, id, value), desiredRevision, problems: problems(problem) };
    }
  }
}
