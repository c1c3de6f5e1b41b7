/** Loads one plugin package: finds it, reads its `oneiric` field, imports and registers its providers. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOMAINS, TimeoutError, withTimeout, type Oneiric, type Registrable } from '@oneiric/core';
import type { PluginEntry } from '../models/pluginReport.js';
import { findPackageDirectory } from './findPackageDirectory.js';
import { PluginErrorKind, PluginLoadError } from './pluginErrorKind.js';
import { declaredProvidersModule, exportedTarget, type PackageManifest } from './pluginManifest.js';
import { messageOf } from '@oneiric/core/internal';

/** Options of {@link loadPlugin}. */
export interface LoadPluginOptions {
  /** The application's directory: packages are looked up from its `node_modules`. */
  readonly cwd: string;
  /** Named in `plugins.packages`: a missing package or `oneiric` field is an error, not a skip. */
  readonly explicit: boolean;
  /** Limit of importing the providers module, in milliseconds. */
  readonly importTimeoutMs: number;
}

interface ProvidersModule {
  readonly register?: unknown;
  readonly providers?: unknown;
}


/** Every registered candidate as `domain:key:provider#sequence`, to tell what a plugin added. */
function registrations(app: Oneiric): Map<string, string> {
  const found = new Map<string, string>();
  for (const domain of DOMAINS) {
    for (const key of app.keys(domain)) {
      for (const candidate of app.candidates(domain, key)) {
        found.set(`${domain}:${key}:${candidate.provider}#${candidate.sequence}`, `${domain}:${key}:${candidate.provider}`);
      }
    }
  }
  return found;
}

async function readManifest(directory: string, packageName: string): Promise<PackageManifest> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(directory, 'package.json'), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new TypeError('not a JSON object');
    }
    return parsed as PackageManifest;
  } catch (error) {
    throw new PluginLoadError(PluginErrorKind.invalidManifest, `${packageName}: unreadable package.json: ${messageOf(error)}`, { cause: error });
  }
}

/** The providers module's file: the path itself when it exists, else the package's `exports` entry for it. */
function moduleFile(directory: string, manifest: PackageManifest, declared: string, packageName: string): string {
  const direct = path.resolve(directory, declared);
  const exported = exportedTarget(manifest, declared);
  const file = existsSync(direct) ? direct : exported === undefined ? undefined : path.resolve(directory, exported);
  if (file === undefined || !existsSync(file)) {
    throw new PluginLoadError(PluginErrorKind.invalidManifest, `${packageName}: the "oneiric" field names ${declared}, which is neither a file of the package nor one of its exports`);
  }
  if (path.relative(directory, file).startsWith('..')) {
    throw new PluginLoadError(PluginErrorKind.invalidManifest, `${packageName}: ${declared} resolves outside the package`);
  }
  return file;
}

async function importProviders(file: string, packageName: string, timeoutMs: number): Promise<ProvidersModule> {
  try {
    return await withTimeout(import(pathToFileURL(file).href) as Promise<ProvidersModule>, timeoutMs, `import of plugin ${packageName}`);
  } catch (error) {
    const kind = error instanceof TimeoutError ? PluginErrorKind.timeout : PluginErrorKind.importFailed;
    throw new PluginLoadError(kind, `${packageName}: cannot import ${path.basename(file)}: ${messageOf(error)}`, { cause: error });
  }
}

async function registerProviders(app: Oneiric, loaded: ProvidersModule, packageName: string): Promise<void> {
  try {
    // The same contract as `oneiric --import`: register wins over providers.
    if (typeof loaded.register === 'function') {
      await (loaded.register as (app: Oneiric) => unknown)(app);
    } else if (Array.isArray(loaded.providers)) {
      app.registerPackage(packageName, loaded.providers as Registrable[]);
    } else {
      throw new PluginLoadError(PluginErrorKind.invalidModule, `${packageName}: the providers module exports neither a register(app) function nor a providers array`);
    }
  } catch (error) {
    throw error instanceof PluginLoadError ? error : new PluginLoadError(PluginErrorKind.registerFailed, `${packageName}: registering its providers failed: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * Loads `packageName` as a plugin. Every failure is caught and reported in the entry, so one
 * broken plugin never stops the others. Candidates registered before a failure stay registered
 * and are listed.
 * @returns the entry, or undefined for a package that is not a plugin (not installed, or no
 *   `oneiric` field) and was not named explicitly
 */
export async function loadPlugin(app: Oneiric, packageName: string, options: LoadPluginOptions): Promise<PluginEntry | undefined> {
  const before = registrations(app);
  let declared = '';
  try {
    const directory = findPackageDirectory(packageName, options.cwd);
    if (directory === undefined) {
      if (!options.explicit) {
        return undefined;
      }
      throw new PluginLoadError(PluginErrorKind.notFound, `${packageName}: not installed (no node_modules/${packageName} from ${options.cwd})`);
    }
    const manifest = await readManifest(directory, packageName);
    const module = declaredProvidersModule(manifest, packageName);
    if (module === undefined) {
      if (!options.explicit) {
        return undefined;
      }
      throw new PluginLoadError(PluginErrorKind.notAPlugin, `${packageName}: its package.json declares no "oneiric" field naming a providers module`);
    }
    declared = module;
    const loaded = await importProviders(moduleFile(directory, manifest, module, packageName), packageName, options.importTimeoutMs);
    await registerProviders(app, loaded, packageName);
    return { packageName, module: declared, loaded: true, candidates: added(before, registrations(app)) };
  } catch (error) {
    const failure = error instanceof PluginLoadError ? error : new PluginLoadError(PluginErrorKind.importFailed, `${packageName}: ${messageOf(error)}`, { cause: error });
    return { packageName, module: declared, loaded: false, candidates: added(before, registrations(app)), error: { kind: failure.kind, message: failure.message } };
  }
}

function added(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return [...after].filter(([identity]) => !before.has(identity)).map(([, name]) => name).sort();
}
