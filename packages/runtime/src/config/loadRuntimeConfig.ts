/** Loads a runtime's configuration: core's settings, the runtime's own sections, the profile overlay. */
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, ConfigErrorKind, loadSettings, type OneiricSettings } from '@oneiric/core';
import { parseSettings } from '@oneiric/core/internal';
import { parseRemoteSettings } from '@oneiric/remote';
import { SERVERLESS_DEFAULT_PORT } from './builtInProfiles.js';
import { chooseProfile, type ChosenProfile } from './chooseProfile.js';
import { isMapping, mergeOverlay } from './mergeOverlay.js';
import { parseRuntimeSections } from './parseRuntimeSections.js';
import { readConfigFile } from './readConfigFile.js';
import { runtimeSectionsFromEnvironment } from './runtimeSectionsFromEnvironment.js';
import type { RuntimeConfig } from './runtimeConfig.js';
import type { RuntimeSections } from './runtimeSections.js';
import { splitSections } from './splitSections.js';

/**
 * Where a runtime's configuration comes from.
 * @category Configuration
 */
export interface RuntimeConfigSource {
  /**
   * A settings file (YAML or JSON) laid over every other layer, or the same as an inline object.
   * It may hold core's sections and the runtime's (`runtime`, `plugins`, `secrets`, `remote`,
   * `profile`, `profiles`). Default: `ONEIRIC_CONFIG` when set.
   */
  readonly config?: string | Readonly<Record<string, unknown>>;
  /** The profile (`--profile`); wins over `ONEIRIC_PROFILE` and `profile.name`. */
  readonly profile?: string;
  /** Working directory (default `process.cwd()`). */
  readonly cwd?: string;
  /** Environment (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

const SECTION_FILE_EXTENSIONS = ['yaml', 'yml', 'json'] as const;

/**
 * Core's layers (defaults, `settings/oneiric.yaml`, `local.yaml`, `ONEIRIC_*`); for the runtime's
 * own sections, `settings/runtime.yaml` and `settings/remote.yaml` (core refuses sections it
 * does not know, so they live apart, as the CLI's remote commands read them), then
 * `ONEIRIC_RUNTIME__*`, `ONEIRIC_PLUGINS__*`, `ONEIRIC_SECRETS__*`, `ONEIRIC_REMOTE__*`; then the
 * explicit file over both; then the chosen profile's overlay over all of it.
 * @throws ConfigError naming the file and field (an unknown profile names the ones that exist);
 *   RemoteError `invalidSettings` for the `remote` section
 * @category Configuration
 */
export async function loadRuntimeConfig(source: RuntimeConfigSource = {}): Promise<RuntimeConfig> {
  const cwd = resolve(source.cwd ?? process.cwd());
  const env = source.env ?? process.env;
  const explicitPath = typeof source.config === 'string' ? resolve(cwd, source.config) : nonEmpty(env['ONEIRIC_CONFIG']);
  const explicit = typeof source.config === 'object' ? { ...source.config } : await readExplicit(cwd, explicitPath);
  const origin = explicitPath ?? (explicit === undefined ? 'defaults' : 'inline settings');
  // The explicit file may hold the runtime's sections, which core's loader would refuse: core
  // reads its own layers, and the explicit file's core sections are laid over them below.
  const environment = runtimeSectionsFromEnvironment(env);
  const { ONEIRIC_CONFIG: _explicitOnly, ...coreEnv } = environment.coreEnv;
  const { settings: base } = await loadSettings({ cwd, env: coreEnv });
  const settingsDir = isAbsolute(base.config_dir) ? base.config_dir : resolve(cwd, base.config_dir);
  const explicitParts = splitSections(explicit ?? {});
  const runtimeFile = await readSectionFile(settingsDir, 'runtime');
  const remoteFile = await readSectionFile(settingsDir, 'remote');
  const files = mergeOverlay(runtimeFile ?? {}, { remote: remoteSection(remoteFile) ?? {} });
  // Core's order: files, then the environment, then the explicit file.
  const owned = mergeOverlay(mergeOverlay(files, environment.values), explicitParts.runtimeOwned);
  const profile = chooseProfile(
    { explicit: source.profile, environment: env['ONEIRIC_PROFILE'], settings: profileName(owned, origin) },
    declaredProfiles(owned, origin),
  );
  const overlaid = overlay(profile, explicitParts.core, owned);
  const settings = Object.keys(overlaid.core).length === 0 ? base : parseSettings(mergeOverlay(toPlain(base), overlaid.core), origin);
  const sections = parseRuntimeSections(overlaid.owned, origin);
  const remote = parseRemoteSettings(overlaid.owned['remote'] ?? {}, origin);
  const httpPort = httpPortOf(sections, profile.name, env);
  return {
    profile: profile.name,
    settings,
    sections,
    remote,
    cacheDir: isAbsolute(settings.cache_dir) ? settings.cache_dir : resolve(cwd, settings.cache_dir),
    cwd,
    settingsDir,
    ...(explicitPath === undefined ? {} : { configFile: explicitPath }),
    ...(httpPort === undefined ? {} : { httpPort }),
  };
}

async function readExplicit(cwd: string, file: string | undefined): Promise<Record<string, unknown> | undefined> {
  return file === undefined ? undefined : readConfigFile(resolve(cwd, file), true);
}

async function readSectionFile(directory: string, name: string): Promise<Record<string, unknown> | undefined> {
  for (const extension of SECTION_FILE_EXTENSIONS) {
    const values = await readConfigFile(join(directory, `${name}.${extension}`), false);
    if (values !== undefined) {
      return values;
    }
  }
  return undefined;
}

// `remote.yaml` may hold the section itself or `{ remote: ... }`, as the CLI accepts it.
function remoteSection(values: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (values === undefined) {
    return undefined;
  }
  const inner = values['remote'];
  return isMapping(inner) ? inner : values;
}

function profileName(owned: Readonly<Record<string, unknown>>, origin: string): string | undefined {
  const section = owned['profile'];
  if (section === undefined) {
    return undefined;
  }
  const name = isMapping(section) ? section['name'] : undefined;
  if (!isMapping(section) || (name !== undefined && typeof name !== 'string') || Object.keys(section).some((field) => field !== 'name')) {
    throw new ConfigError(ConfigErrorKind.invalidField, `${origin}: profile: must be a mapping with one field, name (a string)`, { file: origin, field: 'profile' });
  }
  return name as string | undefined;
}

function declaredProfiles(owned: Readonly<Record<string, unknown>>, origin: string): Record<string, Record<string, unknown>> {
  const section = owned['profiles'] ?? {};
  if (!isMapping(section) || !Object.values(section).every(isMapping)) {
    throw new ConfigError(ConfigErrorKind.invalidField, `${origin}: profiles: must map each profile name to a settings overlay`, { file: origin, field: 'profiles' });
  }
  return section as Record<string, Record<string, unknown>>;
}

// Lays the profile's overlays over the explicit core sections and the runtime's sections.
function overlay(profile: ChosenProfile, core: Record<string, unknown>, owned: Record<string, unknown>): { core: Record<string, unknown>; owned: Record<string, unknown> } {
  const { profile: _name, profiles: _declared, ...ownedSections } = owned;
  let mergedCore = core;
  let mergedOwned: Record<string, unknown> = ownedSections;
  for (const layer of profile.overlays) {
    const parts = splitSections(layer);
    mergedCore = mergeOverlay(mergedCore, parts.core);
    const { profile: _ignoredName, profiles: _ignoredProfiles, ...layerOwned } = parts.runtimeOwned;
    mergedOwned = mergeOverlay(mergedOwned, layerOwned);
  }
  return { core: mergedCore, owned: mergedOwned };
}

function toPlain(settings: OneiricSettings): Record<string, unknown> {
  return JSON.parse(JSON.stringify(settings)) as Record<string, unknown>;
}

function httpPortOf(sections: RuntimeSections, profile: string, env: NodeJS.ProcessEnv): number | undefined {
  const http = sections.runtime.http;
  const variable = http.port_env;
  const text = variable === undefined ? undefined : nonEmpty(env[variable]);
  if (variable !== undefined && text !== undefined) {
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65_535) {
      throw new ConfigError(ConfigErrorKind.invalidEnvironment, `${variable}: must be a TCP port (0-65535), got ${JSON.stringify(text)}`, { file: 'environment', field: variable });
    }
    return port;
  }
  if (http.port !== undefined) {
    return http.port;
  }
  return profile === 'serverless' ? SERVERLESS_DEFAULT_PORT : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
