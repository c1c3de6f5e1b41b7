// Connects a FleetClient with the `fleet` settings of the same config file `oneiric start` reads.
import type { FleetClient } from '@oneiric/fleet';
import type { CliIo } from './cliIo.js';
import type { GlobalOptions } from './globalOptions.js';
import { UsageError } from './usageError.js';

/**
 * A client of the application's fleet bucket (`fleet.url`, `fleet.bucket` or `oneiric_<app.name>`,
 * `fleet.token`/`fleet.user`+`fleet.password`, TLS files; `ONEIRIC_FLEET__*` overrides). Secrets
 * named by `fleet.token_secret`/`fleet.password_secret` live behind the runtime's secrets hook,
 * which the CLI does not build: pass the credential itself (e.g. `ONEIRIC_FLEET__TOKEN`).
 * @throws ConfigError for bad settings; FleetError when the server cannot be reached
 */
export async function fleetClientOf(globals: GlobalOptions, io: CliIo): Promise<FleetClient> {
  const [{ loadRuntimeConfig, fleetConnectionOf }, { FleetClient: Client }] = await Promise.all([import('@oneiric/runtime'), import('@oneiric/fleet')]);
  const config = await loadRuntimeConfig({ cwd: io.cwd, env: io.env as NodeJS.ProcessEnv, ...(globals.config === undefined ? {} : { config: globals.config }) });
  const resolved = await fleetConnectionOf(config.sections.fleet, {
    appName: config.settings.app.name, cacheDir: config.cacheDir, cwd: config.cwd,
    readSecret: (name) => {
      throw new UsageError('invalidArgument', `fleet credential secret ${JSON.stringify(name)} is read by a runtime's secrets hook; give the CLI the credential itself (ONEIRIC_FLEET__TOKEN or ONEIRIC_FLEET__PASSWORD)`);
    },
  });
  return Client.connect({ ...resolved.connection, goneAfterMs: resolved.goneAfterMs });
}
