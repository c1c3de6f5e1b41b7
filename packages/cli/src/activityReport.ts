// The `activity` report (paused and draining keys, totals), shared by the in-process and the runtime paths.
import type { ActivityEntry } from '@oneiric/domains';
import { DOMAIN_NAMES } from './domainNames.js';

/** Paused and draining counts. */
export interface ActivityTotals {
  readonly paused: number;
  readonly draining: number;
}

/** What `activity --json` prints. */
export interface ActivityReport {
  readonly keys: readonly ActivityEntry[];
  readonly totals: ActivityTotals;
}

/** Counts paused and draining entries (a pure calculation). */
export function activityTotals(entries: readonly ActivityEntry[]): ActivityTotals {
  return {
    paused: entries.filter((entry) => entry.paused).length,
    draining: entries.filter((entry) => entry.draining).length,
  };
}

/** The text of `oneiric activity`: the totals, then per domain its totals and its keys. */
export function formatActivityText(keys: readonly ActivityEntry[]): string {
  const total = activityTotals(keys);
  const lines = [`Total activity: paused=${total.paused} draining=${total.draining}`];
  for (const domain of DOMAIN_NAMES) {
    const ofDomain = keys.filter((entry) => entry.domain === domain);
    if (ofDomain.length === 0) {
      continue;
    }
    const totals = activityTotals(ofDomain);
    lines.push(`${domain} activity: paused=${totals.paused} draining=${totals.draining}`);
    for (const entry of ofDomain) {
      const flags = [entry.paused ? 'paused' : '', entry.draining ? 'draining' : ''].filter((flag) => flag !== '').join('+') || 'active';
      lines.push(`  ${entry.key}  ${flags}${entry.note === null ? '' : `  note=${entry.note}`}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
