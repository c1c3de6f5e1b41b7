/** Counts the entries in use per domain, for the sync result and the status file. */
import type { AcceptedEntry } from '../models/acceptedEntry.js';

/** Accepted entries per domain, leaving out the ids in `notLoaded`. */
export function countPerDomain(accepted: readonly AcceptedEntry[], notLoaded: ReadonlySet<string>): Record<string, number> {
  const perDomain: Record<string, number> = {};
  for (const item of accepted) {
    if (!notLoaded.has(item.id)) {
      perDomain[item.entry.domain] = (perDomain[item.entry.domain] ?? 0) + 1;
    }
  }
  return perDomain;
}
