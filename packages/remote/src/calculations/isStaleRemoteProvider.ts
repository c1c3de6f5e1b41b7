/** Decides, after a failed activation, whether a live remote provider must be deactivated (fail closed). */
import type { Candidate } from '@oneiric/core';
import type { ListedEntry } from '../models/listedEntry.js';

/**
 * Whether the key's live candidate is the remote provider `listed` and the manifest at `serial`
 * retracted it (`isStillListed` false) or replaced it (its `manifestSerial` is another one).
 * A live candidate of another provider or source is never stale here.
 */
export function isStaleRemoteProvider(active: Pick<Candidate, 'provider' | 'source' | 'metadata'> | undefined, listed: ListedEntry, isStillListed: boolean, serial: number): boolean {
  if (active === undefined || active.provider !== listed.provider || active.source !== 'remote-manifest') {
    return false;
  }
  const liveSerial = (active.metadata as { manifestSerial?: unknown } | undefined)?.manifestSerial;
  return !(isStillListed && liveSerial === serial);
}
