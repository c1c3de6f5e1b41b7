/** Reads the fleet's manifest floor at start-up, before the first manifest sync. */
import { loadDesiredState } from '../actions/desiredStateCache.js';
import { decodeFloor } from '../calculations/decodeRecords.js';
import { FLOOR_KEY } from '../calculations/fleetKeys.js';
import type { FloorValue } from '../calculations/raiseFloor.js';
import type { FleetConnectionOptions } from '../models/fleetConnectionOptions.js';
import { FleetStore } from './fleetStore.js';

/**
 * Where the floor came from: the bucket, the saved desired state (the bucket could not be
 * read), or nowhere.
 * @category Fleet
 */
export type FleetFloorSource = 'bucket' | 'saved' | 'none';

/**
 * The floor a new instance must hold before its first manifest sync, and where it came from.
 * @category Fleet
 */
export interface FleetFloorReading {
  /** The floor, or undefined when the fleet has none (or it is malformed). */
  readonly floor: FloorValue | undefined;
  /** Where it was read. */
  readonly source: FleetFloorSource;
  /** Why the bucket could not be read, when it could not. */
  readonly problem?: string;
}

async function floorInBucket(connection: FleetConnectionOptions): Promise<FloorValue | undefined> {
  const store = await FleetStore.open(connection);
  try {
    const entry = await store.readKey(FLOOR_KEY);
    const decoded = entry === undefined ? undefined : decodeFloor(entry.value);
    return decoded?.ok === true ? { serial: decoded.record.serial, digest: decoded.record.digest } : undefined;
  } finally {
    await store.close();
  }
}

/**
 * Reads `manifest.floor` from the bucket (one connection and one read, each bounded by the fleet
 * timeout); when the bucket cannot be read, the floor saved in `desiredStateFile`. Without it a
 * new instance's first sync could accept a manifest older than the one the fleet already runs.
 * Never throws: a floor that cannot be read anywhere is `source: 'none'`.
 * @category Fleet
 */
export async function readFleetFloor(connection: FleetConnectionOptions, desiredStateFile: string): Promise<FleetFloorReading> {
  try {
    const floor = await floorInBucket(connection);
    return { floor, source: floor === undefined ? 'none' : 'bucket' };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    const saved = (await loadDesiredState(desiredStateFile, connection.bucket))?.floor?.record;
    return saved === undefined
      ? { floor: undefined, source: 'none', problem }
      : { floor: { serial: saved.serial, digest: saved.digest }, source: 'saved', problem };
  }
}
