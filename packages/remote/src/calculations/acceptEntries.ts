/** Sorts a verified manifest's entries into those that may be loaded and those refused. */
import type { AcceptedEntry } from '../models/acceptedEntry.js';
import type { ManifestEntry } from '../models/manifestEntry.js';
import type { SkippedEntry } from '../models/syncResult.js';
import { canonicalJson } from './canonicalJson.js';
import { entryId } from './entryId.js';
import { validateEntry } from './validateEntry.js';

/** The entries of one manifest, sorted. */
export interface EntrySelection {
  /** Entries that passed `validateEntry`, in manifest order. */
  readonly accepted: readonly AcceptedEntry[];
  /** Entries refused (invalid, or an id listed twice), in manifest order. */
  readonly refused: readonly SkippedEntry[];
}

/**
 * Validates each entry; an id listed twice keeps its first listing. `plainEntries` are the
 * signed plain entries, whose canonical JSON is each accepted entry's fingerprint.
 */
export function acceptEntries(entries: readonly ManifestEntry[], plainEntries: readonly unknown[], factoryAllowlist: readonly string[]): EntrySelection {
  const accepted: AcceptedEntry[] = [];
  const refused: SkippedEntry[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const id = entryId(entry);
    const check = validateEntry(entry, factoryAllowlist);
    if (!check.ok || seen.has(id)) {
      const refusal = check.ok ? { kind: 'invalidEntry', reason: 'listed twice; the first listing is used' } : check;
      refused.push({ id, index, kind: refusal.kind, reason: refusal.reason });
      return;
    }
    seen.add(id);
    accepted.push({ id, index, fingerprint: canonicalJson(plainEntries[index]), entry, exportName: check.factory.exportName, specifier: check.factory.specifier });
  });
  return { accepted, refused };
}
