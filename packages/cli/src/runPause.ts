// The `pause` command in this process: pauses (or with --resume resumes) a key in the activity file other processes follow.
import type { ActivityStore } from '@oneiric/domains';
import type { Domain } from '@oneiric/core';
import { activityChangeText } from './activityChangeText.js';
import { ExitCode } from './exitCode.js';

/** Options of the `pause` and `drain` commands. */
export interface ActivityCommandOptions {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** A note to record (`--note`); absent keeps the current note. */
  readonly note?: string;
  /** Undo: `--resume` for pause, `--clear` for drain (also clears the note unless one is given). */
  readonly undo: boolean;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Pauses or resumes the key. The change is written atomically to `activity.json` in
 * `cache_dir`, where a running application following the file picks it up.
 */
export async function runPause(store: ActivityStore, options: ActivityCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const note = options.note ?? (options.undo ? null : undefined);
  const state = await store.setPaused(options.domain, options.key, !options.undo, note);
  stdout.write(options.json
    ? `${JSON.stringify({ domain: options.domain, key: options.key, ...state }, null, 2)}\n`
    : activityChangeText('pause', options.undo, `${options.domain}:${options.key}`, state));
  return ExitCode.success;
}
