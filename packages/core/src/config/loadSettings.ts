// Loads Oneiric's settings from defaults, settings files and the environment, later layers winning.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { mergeLayers } from './mergeLayers.js';
import type { OneiricSettings } from './oneiricSettings.js';
import { readSettingsFile } from './readSettingsFile.js';
import { settingsFromEnvironment } from './settingsFromEnvironment.js';
import type { SettingsLayer } from './settingsLayer.js';
import { validateSettings } from './validateSettings.js';

/**
 * Options of {@link loadSettings}.
 * @category Configuration
 */
export interface LoadSettingsOptions {
  /** Directory the settings directory and relative paths are resolved against; `process.cwd()` by default. */
  readonly cwd?: string;
  /** Environment to read; `process.env` by default. Tests pass their own to stay isolated. */
  readonly env?: NodeJS.ProcessEnv;
  /** A settings file that overrides every other layer (the CLI's `--config`); wins over `ONEIRIC_CONFIG`. */
  readonly explicitPath?: string;
}

/**
 * The loaded settings and the layers they came from.
 * @category Configuration
 */
export interface LoadedSettings {
  /** The validated settings. */
  settings: OneiricSettings;
  /**
   * The files and `environment` that contributed, lowest precedence first. Files are shown
   * relative to `cwd` when inside it, else absolute, as in error messages.
   */
  sources: string[];
}

const PROJECT_FILES = ['oneiric.yaml', 'oneiric.yml', 'oneiric.json'] as const;
const LOCAL_FILES = ['local.yaml', 'local.yml', 'local.json'] as const;

function shownAs(cwd: string, file: string): string {
  const fromCwd = relative(cwd, file);
  const outside = fromCwd === '' || fromCwd === '..' || fromCwd.startsWith(`..${sep}`) || isAbsolute(fromCwd);
  return outside ? file : fromCwd;
}

// Empty means unset, as for the layer variables: `ONEIRIC_CONFIG= oneiric ...` should not point at the working directory.
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

async function firstExisting(cwd: string, directory: string, names: readonly string[]): Promise<SettingsLayer | undefined> {
  for (const name of names) {
    const file = join(directory, name);
    const source = shownAs(cwd, file);
    // The first file that exists is the layer even when broken: silently falling back to a sibling would hide the mistake.
    const values = await readSettingsFile(file, { shownAs: source, required: false });
    if (values !== undefined) {
      return { source, values };
    }
  }
  return undefined;
}

/**
 * Loads the settings. Layers, each overriding the ones before it:
 *
 * 1. built-in defaults (the field initialisers of the settings classes);
 * 2. project file: the first of `oneiric.yaml`, `oneiric.yml`, `oneiric.json` in the settings directory;
 * 3. local file: the first of `local.yaml`, `local.yml`, `local.json` there;
 * 4. environment: `ONEIRIC_SECTION__FIELD=value` and aliases (see `settingsFromEnvironment`);
 * 5. explicit file: `explicitPath`, else `ONEIRIC_CONFIG`.
 *
 * The settings directory is `<cwd>/settings`, or `ONEIRIC_CONFIG_DIR` (resolved against `cwd`)
 * when set. Mappings merge key by key at every depth; lists and scalars replace. Missing project
 * and local files are skipped; everything else that is wrong is an error.
 * @param options - working directory, environment and explicit file
 * @returns the validated settings and the layers that contributed
 * @throws ConfigError `missingExplicitFile`, `unreadableFile` or `unparsableFile` naming the file;
 *   `invalidEnvironment` for a malformed `ONEIRIC_*` name; `invalidField` naming the file (or
 *   `environment` with the variable, or `defaults`) that last set the bad value and its dotted path
 * @category Configuration
 */
export async function loadSettings(options: LoadSettingsOptions = {}): Promise<LoadedSettings> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const directory = resolve(cwd, nonEmpty(env['ONEIRIC_CONFIG_DIR']) ?? 'settings');

  const layers: SettingsLayer[] = [];
  const project = await firstExisting(cwd, directory, PROJECT_FILES);
  if (project !== undefined) {
    layers.push(project);
  }
  const local = await firstExisting(cwd, directory, LOCAL_FILES);
  if (local !== undefined) {
    layers.push(local);
  }
  const environment = settingsFromEnvironment(env);
  if (environment !== undefined) {
    layers.push(environment);
  }
  const explicit = nonEmpty(options.explicitPath) ?? nonEmpty(env['ONEIRIC_CONFIG']);
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    const source = shownAs(cwd, file);
    const values = await readSettingsFile(file, { shownAs: source, required: true });
    if (values !== undefined) {
      layers.push({ source, values });
    }
  }

  const merged = mergeLayers(layers);
  const settings = validateSettings(merged.values, (path) => merged.originOf(path));
  return { settings, sources: layers.map((layer) => layer.source) };
}
