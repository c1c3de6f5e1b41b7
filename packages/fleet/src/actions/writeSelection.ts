/** Writes a key's fleet selection with a compare-and-set on the revision just read. */
import type { Domain } from '@oneiric/core';
import { keyRecordKey } from '../calculations/fleetKeys.js';
import type { SelectionRecord } from '../models/desiredRecords.js';
import type { FleetStore } from '../services/fleetStore.js';

/**
 * Reads `selection.<domain>.<key>` and writes `provider` on that revision (created when absent).
 * @throws FleetError `conflict` when another writer changed it in between
 */
export async function writeSelection(store: FleetStore, domain: Domain, key: string, provider: string, by: string): Promise<SelectionRecord> {
  const name = keyRecordKey('selection', domain, key);
  const current = await store.readKey(name);
  const record: SelectionRecord = { v: 1, domain, key, provider, at: new Date().toISOString(), by };
  await store.write(name, record, current?.revision);
  return record;
}
