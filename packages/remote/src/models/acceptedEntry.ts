/** A manifest entry that passed `validateEntry`, with what loading and the sync plan need. */
import type { ManifestEntry } from './manifestEntry.js';

/** One entry that may be loaded and registered. */
export interface AcceptedEntry {
  /** `domain:key:provider` (see `entryId`). */
  readonly id: string;
  /** Position in the manifest's `entries`. */
  readonly index: number;
  /** Canonical JSON of the signed entry: equal text means the entry did not change. */
  readonly fingerprint: string;
  /** The entry. */
  readonly entry: ManifestEntry;
  /** The factory's export name. */
  readonly exportName: string;
  /** The factory's module specifier. */
  readonly specifier: string;
}
