/** Builds a runtime from settings in one call: logging, metrics, the application, plugins, bridges, remote sync. */
import { resolve } from 'node:path';
import { Oneiric, optionsFromSettings, type OneiricLogger } from '@oneiric/core';
import { createDomainBridges } from '@oneiric/domains';
import { createAuditLogger, RemoteSync } from '@oneiric/remote';
import { loadRuntimeConfig, type RuntimeConfigSource } from '../config/loadRuntimeConfig.js';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import { createRuntimeLogger } from '../logging/createRuntimeLogger.js';
import { createRuntimeMetrics } from '../metrics/runtimeMetrics.js';
import type { PluginReport } from '../models/pluginReport.js';
import { discoverPlugins } from '../plugins/discoverPlugins.js';
import { SecretsHook, type SecretSource } from '../secrets/secretsHook.js';
import type { FleetStatusSource } from '../statusPage/fleetStatusView.js';
import { StatusPageFeed } from '../statusPage/statusPageFeed.js';
import { Runtime } from './runtime.js';

/**
 * Options of {@link createRuntime}.
 * @category Runtime
 */
export interface CreateRuntimeOptions extends RuntimeConfigSource {
  /**
   * Registers the application's candidates (and anything else it sets up) before plugins load
   * and before anything starts.
   */
  register?(app: Oneiric): void | Promise<void>;
  /**
   * The fleet view shown on the status page (`/`), when this runtime belongs to a fleet; the
   * page says "fleet: not configured" without it. Read at each page load, within 2 s.
   */
  fleetStatus?: FleetStatusSource;
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
 * @category Runtime
 */
export async function createRuntime(options: CreateRuntimeOptions = {}): Promise<Runtime> {
  const config = await loadRuntimeConfig(options);
  // Meters first: instruments made before the meter provider is registered would stay no-ops.
  const metrics = createRuntimeMetrics();
  const logging = createRuntimeLogger(config.settings.logging, { cwd: config.cwd, defaultMeta: { app: config.settings.app.name } });
  const logger = logging.logger;
  if (!metrics.registered) {
    logger.warn('another meter provider is registered in this process; /metrics shows only the runtime\'s own meters');
  }
  const auditFile = config.remote.audit_log_file;
  const auditLogger = createAuditLogger(auditFile === undefined ? {} : { file: resolve(config.cwd, auditFile) });
  try {
    const app = new Oneiric({ ...optionsFromSettings(config.settings, { cwd: config.cwd }), logger });
    await options.register?.(app);
    const plugins = await discoverPluginsOf(app, config, logger);
    const bridges = await createDomainBridges(app, {
      cacheDir: config.cacheDir,
      // Started by `start()`, with the other watchers, when the profile runs watchers.
      watchActivity: false,
      activityPollMs: config.sections.runtime.poll_interval_ms,
      eventSource: config.settings.app.name,
      logger,
    });
    const remote = config.remote.enabled
      ? new RemoteSync({ app, settings: config.remote, cacheDir: config.cacheDir, logger, auditLogger, cwd: config.cwd, ...(options.env === undefined ? {} : { env: options.env }) })
      : undefined;
    const secrets = new SecretsHook({
      // Looked up at each fetch, so a swap of adapter:secrets is followed.
      source: () => app.use<SecretSource>('adapter', 'secrets'),
      ttlMs: config.sections.secrets.cache_ttl_ms,
      refreshIntervalMs: config.sections.secrets.refresh_interval_ms,
      names: config.sections.secrets.names,
      logger,
    });
    return new Runtime({
      // The same sources and the profile chosen now, so a reload cannot switch profiles.
      reloadConfig: () => loadRuntimeConfig({ ...options, profile: config.profile }),
      config, logger, auditLogger, closeLogger: () => logging.close(), app, bridges, plugins, metrics, secrets,
      statusPage: new StatusPageFeed(options.fleetStatus === undefined ? {} : { fleet: options.fleetStatus }),
      ...(remote === undefined ? {} : { remote }),
    });
  } catch (error) {
    await metrics.shutdown().catch(() => undefined);
    auditLogger.end();
    await logging.close();
    throw error;
  }
}

// Discovery is off unless `plugins.auto_load` is on or `plugins.packages` names some.
async function discoverPluginsOf(app: Oneiric, config: RuntimeConfig, logger: OneiricLogger): Promise<PluginReport> {
  const plugins = config.sections.plugins;
  if (!plugins.auto_load && plugins.packages.length === 0) {
    return { enabled: false, plugins: [] };
  }
  return discoverPlugins(app, { cwd: config.cwd, autoLoad: plugins.auto_load, packages: plugins.packages, logger });
}
