// The `activity` command: every paused or draining key, with totals per domain.
import type { ActivityStore } from '@oneiric/domains';
import { activityTotals, formatActivityText } from './activityReport.js';
import { ExitCode } from './exitCode.js';

/** Prints the keys of `activity.json` (paused, draining, note) and totals; `--json` prints `{ keys, totals }`. */
export async function runActivity(store: ActivityStore, options: { readonly json: boolean }, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  await store.load();
  const keys = store.list();
  stdout.write(options.json ? `${JSON.stringify({ keys, totals: activityTotals(keys) }, null, 2)}\n` : formatActivityText(keys));
  return ExitCode.success;
}
