// The `activity` command: every paused or draining key, with totals per domain.
import { DOMAINS } from '@oneiric/core';
import type { ActivityStore } from '@oneiric/domains';
import { ExitCode } from './exitCode.js';

/** Prints the keys of `activity.json` (paused, draining, note) and totals; `--json` prints `{ keys, totals }`. */
export async function runActivity(store: ActivityStore, options: { readonly json: boolean }, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  await store.load();
  const keys = store.list();
  const count = (entries: typeof keys) => ({
    paused: entries.filter((entry) => entry.paused).length,
    draining: entries.filter((entry) => entry.draining).length,
  });
  const total = count(keys);
  if (options.json) {
    stdout.write(`${JSON.stringify({ keys, totals: total }, null, 2)}\n`);
    return ExitCode.success;
  }
  stdout.write(`Total activity: paused=${total.paused} draining=${total.draining}\n`);
  for (const domain of DOMAINS) {
    const ofDomain = keys.filter((entry) => entry.domain === domain);
    if (ofDomain.length === 0) {
      continue;
    }
    const totals = count(ofDomain);
    stdout.write(`${domain} activity: paused=${totals.paused} draining=${totals.draining}\n`);
    for (const entry of ofDomain) {
      const flags = [entry.paused ? 'paused' : '', entry.draining ? 'draining' : ''].filter((flag) => flag !== '').join('+') || 'active';
      stdout.write(`  ${entry.key}  ${flags}${entry.note === null ? '' : `  note=${entry.note}`}\n`);
    }
  }
  return ExitCode.success;
}
