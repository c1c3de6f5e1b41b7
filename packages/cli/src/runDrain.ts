// The `drain` command: starts (or with --clear stops) draining a key in the activity file other processes follow.
import type { ActivityStore } from '@oneiric/domains';
import { ExitCode } from './exitCode.js';
import type { ActivityCommandOptions } from './runPause.js';

/**
 * Starts or clears draining of the key in `activity.json` in `cache_dir`: a draining key
 * refuses new work while what runs finishes.
 */
export async function runDrain(store: ActivityStore, options: ActivityCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const note = options.note ?? (options.undo ? null : undefined);
  const state = await store.setDraining(options.domain, options.key, !options.undo, note);
  const label = `${options.domain}:${options.key}`;
  if (options.json) {
    stdout.write(`${JSON.stringify({ domain: options.domain, key: options.key, ...state }, null, 2)}\n`);
  } else {
    const extra = [state.paused ? 'still paused' : '', state.note === null ? '' : `note=${state.note}`].filter((part) => part !== '').join(', ');
    stdout.write(`${options.undo ? 'Cleared drain on' : 'Draining'} ${label}${extra === '' ? '' : ` (${extra})`}\n`);
  }
  return ExitCode.success;
}
