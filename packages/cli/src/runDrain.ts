// The `drain` command in this process: starts (or with --clear stops) draining a key in the activity file other processes follow.
import type { ActivityStore } from '@oneiric/domains';
import { activityChangeText } from './activityChangeText.js';
import { ExitCode } from './exitCode.js';
import type { ActivityCommandOptions } from './runPause.js';

/**
 * Starts or clears draining of the key in `activity.json` in `cache_dir`: a draining key
 * refuses new work while what runs finishes.
 */
export async function runDrain(store: ActivityStore, options: ActivityCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const note = options.note ?? (options.undo ? null : undefined);
  const state = await store.setDraining(options.domain, options.key, !options.undo, note);
  stdout.write(options.json
    ? `${JSON.stringify({ domain: options.domain, key: options.key, ...state }, null, 2)}\n`
    : activityChangeText('drain', options.undo, `${options.domain}:${options.key}`, state));
  return ExitCode.success;
}
