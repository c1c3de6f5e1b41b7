// Builds the application one CLI command works on: settings first, then the --import modules.
import { createLogger, Oneiric, optionsFromSettings, type OneiricLogger } from '@oneiric/core';
import type { CliIo } from './cliIo.js';
import type { GlobalOptions } from './globalOptions.js';
import { importProviderModule } from './importProviderModule.js';
import { isDebug } from './isDebug.js';
import { loadCliSettings } from './loadCliSettings.js';

/**
 * A fresh in-memory {@link Oneiric} for one command, as the Python CLI built one per run:
 *
 * 1. settings are loaded from every layer (settings files under `io.cwd`, `ONEIRIC_*`
 *    variables in `io.env`) with `--config` as the highest layer; this
 *    comes first so a broken configuration fails before any user module runs;
 * 2. the application is created from the settings: selections as tier 1 of precedence,
 *    provider settings, lifecycle timeouts, circuit breaking and (when `persistStatus`) the
 *    status file in `cache_dir`;
 * 3. each `--import` module is imported and registered, in order.
 *
 * Nothing is activated (no `start()`): `list`, `explain` and `status` only need the registry,
 * the resolver and the status file; `swap` and `health --probe` activate just their keys.
 * The logger is silent unless `ONEIRIC_DEBUG=1`, so command output is never interleaved with
 * log lines (what the resolver would warn about shows in `explain` output anyway).
 * @throws ConfigError for bad settings; see `importProviderModule` for module failures
 */
export async function buildApp(options: GlobalOptions, io: CliIo, persistStatus = false): Promise<Oneiric> {
  // --config passed as given: the loader resolves it against cwd and names it in errors as the user wrote it.
  const settings = await loadCliSettings(io, options.config);
  const app = new Oneiric({ ...optionsFromSettings(settings, { cwd: io.cwd, persistStatus }), ...debugLogger(io) });
  try {
    for (const specifier of options.import) {
      await importProviderModule(app, specifier, io.cwd);
    }
  } catch (error) {
    // A module may have started something in register(app); give it its clean-up.
    await app.close();
    throw error;
  }
  return app;
}

function debugLogger(io: CliIo): { logger?: OneiricLogger } {
  return isDebug(io.env) ? { logger: createLogger({ level: 'debug', json: false }) } : {};
}
