/** Plugin discovery: loads the providers of the application's dependencies that declare themselves plugins. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Oneiric, OneiricLogger } from '@oneiric/core';
import type { PluginEntry, PluginReport } from '../models/pluginReport.js';
import { loadPlugin } from './loadPlugin.js';
import { PluginErrorKind, PluginLoadError } from './pluginErrorKind.js';
import { pluginCandidates, type PackageManifest } from './pluginManifest.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * Options of {@link discoverPlugins}.
 * @category Plugins
 */
export interface DiscoverPluginsOptions {
  /** The application's directory (its package.json and node_modules). */
  readonly cwd: string;
  /** `plugins.auto_load`: consider every dependency. */
  readonly autoLoad: boolean;
  /** `plugins.packages`: these packages (all of them, and only them, without `autoLoad`). */
  readonly packages?: readonly string[];
  /** Where loads and failures are reported. */
  readonly logger?: OneiricLogger;
  /** Limit of importing one providers module, in milliseconds (default 10 000). */
  readonly importTimeoutMs?: number;
}

const DEFAULT_IMPORT_TIMEOUT_MS = 10_000;

async function readApplicationManifest(cwd: string): Promise<PackageManifest> {
  try {
    return JSON.parse(await readFile(path.join(cwd, 'package.json'), 'utf8')) as PackageManifest;
  } catch (error) {
    // An application without a package.json has no dependencies to discover; explicit packages still load.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {};
    }
    throw new PluginLoadError(PluginErrorKind.invalidManifest, `the application's package.json in ${cwd} is unreadable: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Finds plugin packages and registers their providers on `app`, one at a time, each in
 * isolation: a package whose package.json has an `oneiric` field naming a providers module
 * (`"oneiric": "./dist/providers.js"`, or `{ "providers": "./dist/providers.js" }`, a file of
 * the package or one of its `exports` subpaths, ES-module conditions) is imported, and its
 * `register(app)` called or its `providers` registered as the package's. With `autoLoad` every
 * dependency (and optional dependency) of the application is considered, and those without the
 * field are skipped; otherwise only `packages` are, and a listed package that is missing or not
 * a plugin is reported. A failure is reported in the package's entry and the rest load.
 * Call it before `app.start()` so plugin providers take part in the first activation.
 * @throws PluginLoadError `invalidManifest` when the application's own package.json is unreadable
 * @category Plugins
 */
export async function discoverPlugins(app: Oneiric, options: DiscoverPluginsOptions): Promise<PluginReport> {
  const packages = options.packages ?? [];
  if (!options.autoLoad && packages.length === 0) {
    return { enabled: false, plugins: [] };
  }
  const application = await readApplicationManifest(options.cwd);
  const explicit = new Set(packages);
  const plugins: PluginEntry[] = [];
  for (const packageName of pluginCandidates(application, options.autoLoad, packages)) {
    const entry = await loadPlugin(app, packageName, {
      cwd: options.cwd,
      explicit: explicit.has(packageName),
      importTimeoutMs: options.importTimeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS,
    });
    if (entry === undefined) {
      continue;
    }
    if (entry.loaded) {
      options.logger?.info('plugin loaded', { plugin: entry.packageName, candidates: entry.candidates.length });
    } else {
      options.logger?.warn('plugin not loaded', { plugin: entry.packageName, kind: entry.error?.kind, error: entry.error?.message });
    }
    plugins.push(entry);
  }
  return { enabled: true, plugins };
}
