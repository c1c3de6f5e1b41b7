/** Writes a key's fleet selection with a compare-and-set on the revision just read. */
import type { Domain } from '@oneiric/core';
import { keyRecordKey } from '../calculations/fleetKeys.js';
import type { SelectionRecord } from '../models/desiredRecords.js';
import type { FleetStore } from '../services/fleetStore.js';

/**
 * Reads `selection.<domain>.<key>` (unless the caller already did, `read`) and writes `provider`
 * on that revision (created when absent).
 * @throws FleetError `conflict` when another writer changed it in between
 */
export async function writeSelection(store: FleetStore, domain: Domain, key: string, provider: string, by: string, read?: { readonly revision: number | undefined }): Promise<SelectionRecord> {
  const name = keyRecordKey('selection', domain, key);
  const revision = read === undefined ? (await store.readKey(name))?.revision : read.revision;
  const record: SelectionRecord = { v: 1, domain, key, provider, at: new Date().toISOString(), by };
  await store.write(name, record, revision);
  return record;
}
