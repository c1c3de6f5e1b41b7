/** Raises the fleet's manifest floor with a compare-and-set loop that never lowers it. */
import { decodeFloor } from '../calculations/decodeRecords.js';
import { FLOOR_KEY } from '../calculations/fleetKeys.js';
import { raiseFloor, type FloorValue } from '../calculations/raiseFloor.js';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import type { FloorRecord } from '../models/desiredRecords.js';
import type { FleetStore } from './fleetStore.js';

const ATTEMPTS = 10;

/**
 * Reads the floor, and writes `accepted` only when it is higher, on the revision read; a lost
 * race is read again (the winner may have written a higher floor, which then stands).
 * @returns the floor in the bucket afterwards
 * @throws FleetError `invalidRecord` when the stored floor is malformed (it is never overwritten
 *   blindly: a bad floor could be an attack on anti-rollback); `conflict` after 10 lost races
 * @category Fleet
 */
export async function raiseFleetFloor(store: FleetStore, accepted: FloorValue, by: string): Promise<FloorValue> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const entry = await store.readKey(FLOOR_KEY);
    const decoded = entry === undefined ? undefined : decodeFloor(entry.value);
    if (decoded !== undefined && !decoded.ok) {
      throw new FleetError(FleetErrorKind.invalidRecord, `${FLOOR_KEY} in the bucket is malformed (${decoded.problem}); fix it by hand`);
    }
    const current = decoded?.record;
    const next = raiseFloor(current, accepted);
    if (next === undefined) {
      return { serial: current?.serial ?? accepted.serial, digest: current?.digest ?? accepted.digest };
    }
    const record: FloorRecord = { v: 1, serial: next.serial, digest: next.digest, at: new Date().toISOString(), by };
    try {
      await store.write(FLOOR_KEY, record, entry?.revision);
      return next;
    } catch (error) {
      if (!(error instanceof FleetError && error.kind === FleetErrorKind.conflict)) {
        throw error;
      }
    }
  }
  throw new FleetError(FleetErrorKind.conflict, `${FLOOR_KEY}: lost ${ATTEMPTS} races in a row; try again`);
}
