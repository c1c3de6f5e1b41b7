// `plugins` with no runtime: discovery run here, from the application's package.json files and the plugins settings.
import { discoverPlugins, loadRuntimeConfig } from '@oneiric/runtime';
import { buildApp } from './buildApp.js';
import type { CliIo } from './cliIo.js';
import { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { pluginsText } from './runtimeReads.js';

/**
 * Discovers plugins as a runtime starting in `io.cwd` would (`plugins.auto_load`,
 * `plugins.packages`, from the runtime's settings with `--config` laid over them), registering
 * them on a throwaway application, and prints the same report as `GET /v1/plugins`.
 * @throws PluginLoadError when the application's package.json is unreadable; ConfigError for bad settings
 */
export async function pluginsInProcess(globals: GlobalOptions, io: CliIo, options: { readonly json: boolean }): Promise<ExitCode> {
  const config = await loadRuntimeConfig({ cwd: io.cwd, env: io.env as NodeJS.ProcessEnv, ...(globals.config === undefined ? {} : { config: globals.config }) });
  // A registry to load into: the settings' own file may hold runtime sections core would refuse.
  const app = await buildApp({ import: [] }, io);
  try {
    const { auto_load: autoLoad, packages } = config.sections.plugins;
    const report = await discoverPlugins(app, { cwd: config.cwd, autoLoad, packages });
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : pluginsText(report));
    return ExitCode.success;
  } finally {
    await app.close({ recordClosed: false });
  }
}
