/** Compares the entries of the previous and the new manifest: what to register, keep and retract. */

/**
 * An entry reduced to what the comparison needs.
 * @category Calculations
 */
export interface PlannedEntry {
  /** `domain:key:provider` (see `entryId`). */
  readonly id: string;
  /** Canonical JSON of the entry: equal text means nothing changed. */
  readonly fingerprint: string;
}

/**
 * What a sync does to the registry.
 * @category Calculations
 */
export interface SyncPlan<T extends PlannedEntry> {
  /** New ids, and ids whose entry changed: registered (replacing the old registration). */
  readonly register: readonly T[];
  /** Ids with identical entries: left alone, not registered again. */
  readonly unchanged: readonly T[];
  /** Ids the new manifest no longer lists: unregistered. */
  readonly retract: readonly string[];
}

/**
 * Plans a sync from the previous fingerprints by id and the new entries.
 * @category Calculations
 */
export function planSync<T extends PlannedEntry>(previous: ReadonlyMap<string, string>, next: readonly T[]): SyncPlan<T> {
  const register: T[] = [];
  const unchanged: T[] = [];
  const listed = new Set<string>();
  for (const entry of next) {
    listed.add(entry.id);
    (previous.get(entry.id) === entry.fingerprint ? unchanged : register).push(entry);
  }
  const retract = [...previous.keys()].filter((id) => !listed.has(id));
  return { register, unchanged, retract };
}
