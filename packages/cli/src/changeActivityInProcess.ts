// pause/drain with --local: checks the key exists in the in-process copy, then writes the shared activity file.
import type { CliIo } from './cliIo.js';
import { assertKnownKey } from './assertKnownKey.js';
import type { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { runDrain } from './runDrain.js';
import { runPause, type ActivityCommandOptions } from './runPause.js';
import { activityStoreOf, withApp } from './withApp.js';

/**
 * Pauses or drains (or undoes it) in `<cache_dir>/activity.json`, which running processes
 * follow. The key must be registered by the `--import` modules (or the cached remote manifest);
 * an undo is also accepted for a key the file still lists.
 * @throws ResolutionError `unknownKey` for a key nothing registers
 */
export async function changeActivityInProcess(change: 'pause' | 'drain', options: ActivityCommandOptions, globals: GlobalOptions, io: CliIo): Promise<ExitCode> {
  const store = await activityStoreOf(globals, io);
  return withApp(globals, io, (app) => {
    assertKnownKey(app, store, options.domain, options.key, options.undo);
    return change === 'pause' ? runPause(store, options, io.stdout) : runDrain(store, options, io.stdout);
  }, { cachedManifest: true });
}
