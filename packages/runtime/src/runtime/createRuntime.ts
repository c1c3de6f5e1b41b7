/** Builds a runtime from settings in one call: logging, metrics, the application, plugins, bridges, remote sync. */
import { Oneiric, optionsFromSettings } from '@oneiric/core';
import { createDomainBridges } from '@oneiric/domains';
import { RemoteSync } from '@oneiric/remote';
import { loadRuntimeConfig, type RuntimeConfigSource } from '../config/loadRuntimeConfig.js';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import { createRuntimeLogger } from '../logging/createRuntimeLogger.js';
import { createRuntimeMetrics } from '../metrics/runtimeMetrics.js';
import type { PluginReport } from '../models/pluginReport.js';
import { Runtime } from './runtime.js';

/** Options of {@link createRuntime}. */
export interface CreateRuntimeOptions extends RuntimeConfigSource {
  /**
   * Registers the application's candidates (and anything else it sets up) before plugins load
   * and before anything starts.
   */
  register?(app: Oneiric): void | Promise<void>;
}

/**
 * Builds everything a runtime runs from settings (see `loadRuntimeConfig` for the layers and
 * the profile), without starting anything: call `start()` on the result, and `stop()` (or send
 * SIGTERM when it runs through `runRuntimeProcess`).
 * @throws ConfigError for bad settings or an unknown profile; whatever `register` throws
 * @example
 * ```ts
 * const runtime = await createRuntime({ config: 'settings/app.yaml', register: (app) => app.register(RedisCache) });
 * await runtime.start();
 * process.once('SIGTERM', () => void runtime.stop());
 * ```
 */
export async function createRuntime(options: CreateRuntimeOptions = {}): Promise<Runtime> {
  const config = await loadRuntimeConfig(options);
  // Meters first: instruments made before the meter provider is registered would stay no-ops.
  const metrics = createRuntimeMetrics();
  const logging = createRuntimeLogger(config.settings.logging, { cwd: config.cwd, defaultMeta: { app: config.settings.app.name } });
  const logger = logging.logger;
  try {
    const app = new Oneiric({ ...optionsFromSettings(config.settings, { cwd: config.cwd }), logger });
    await options.register?.(app);
    const plugins = await discoverPluginsOf(app, config);
    const bridges = await createDomainBridges(app, {
      cacheDir: config.cacheDir,
      // Started by `start()`, with the other watchers, when the profile runs watchers.
      watchActivity: false,
      activityPollMs: config.sections.runtime.poll_interval_ms,
      eventSource: config.settings.app.name,
      logger,
    });
    const remote = config.remote.enabled
      ? new RemoteSync({ app, settings: config.remote, cacheDir: config.cacheDir, logger, cwd: config.cwd, ...(options.env === undefined ? {} : { env: options.env }) })
      : undefined;
    return new Runtime({
      config, logger, closeLogger: () => logging.close(), app, bridges, plugins, metrics,
      ...(remote === undefined ? {} : { remote }),
    });
  } catch (error) {
    await metrics.shutdown().catch(() => undefined);
    await logging.close();
    throw error;
  }
}

// Plugin discovery is wired in when its component lands; until then nothing is loaded.
async function discoverPluginsOf(_app: Oneiric, config: RuntimeConfig): Promise<PluginReport> {
  const plugins = config.sections.plugins;
  return { enabled: plugins.auto_load || plugins.packages.length > 0, plugins: [] };
}
