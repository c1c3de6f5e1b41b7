/** Saves the fleet's desired state to `<cache_dir>/fleet/desired.json`, to start from it while NATS is down. */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@oneiric/core/internal';
import { applyEntry } from '../calculations/applyEntry.js';
import { EMPTY_SNAPSHOT, type FleetSnapshot } from '../models/fleetSnapshot.js';
import { FLOOR_KEY, keyRecordKey } from '../calculations/fleetKeys.js';

interface SavedEntry { readonly key: string; readonly revision: number; readonly record: unknown }
interface SavedState { readonly version: 1; readonly bucket: string; readonly savedAt: string; readonly entries: readonly SavedEntry[] }

const encoder = new TextEncoder();

/**
 * Writes the desired part of `snapshot` (selections, pause/drain, rollouts, floor; not the
 * instances) atomically, mode 0600.
 */
export async function saveDesiredState(file: string, bucket: string, snapshot: FleetSnapshot): Promise<void> {
  const entries: SavedEntry[] = [];
  for (const [kind, map] of [['selection', snapshot.selections], ['activity', snapshot.activities], ['rollout', snapshot.rollouts]] as const) {
    for (const { record, revision } of map.values()) {
      entries.push({ key: keyRecordKey(kind, record.domain, record.key), revision, record });
    }
  }
  if (snapshot.floor !== undefined) {
    entries.push({ key: FLOOR_KEY, revision: snapshot.floor.revision, record: snapshot.floor.record });
  }
  const state: SavedState = { version: 1, bucket, savedAt: new Date().toISOString(), entries };
  await writeFileAtomic(file, `${JSON.stringify(state)}\n`, 0o600);
}

/**
 * The saved desired state of `bucket`, validated record by record like the bucket's (a bad one
 * is listed under `problems`), or undefined when there is none, it is unreadable, or it belongs
 * to another bucket.
 */
export async function loadDesiredState(file: string, bucket: string): Promise<FleetSnapshot | undefined> {
  let saved: Partial<SavedState>;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as Partial<SavedState>;
  } catch {
    return undefined;
  }
  if (saved.version !== 1 || saved.bucket !== bucket || !Array.isArray(saved.entries)) {
    return undefined;
  }
  let snapshot = EMPTY_SNAPSHOT;
  for (const entry of saved.entries) {
    if (typeof entry?.key === 'string' && typeof entry.revision === 'number') {
      snapshot = applyEntry(snapshot, { key: entry.key, revision: entry.revision, value: encoder.encode(JSON.stringify(entry.record)), isDelete: false });
    }
  }
  return snapshot;
}
