// Finds cache_dir from the settings files and environment without loading core, for the client path.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, resolve } from 'node:path';
import type { CliIo } from './cliIo.js';

const PROJECT_FILES = ['oneiric.yaml', 'oneiric.yml', 'oneiric.json'] as const;
const LOCAL_FILES = ['local.yaml', 'local.yml', 'local.json'] as const;

// Empty means unset, as core's loader reads these variables.
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The absolute cache directory the settings name, read the way core's `loadSettings` layers them
 * (project file, local file, `ONEIRIC_CACHE_DIR`, then `--config` or `ONEIRIC_CONFIG`) but
 * looking at `cache_dir` only, so a command that just talks to a runtime does not load core,
 * Inversify and class-validator. Undefined when a file cannot be read or parsed or `cache_dir`
 * is not a string: the caller then loads the settings properly, which reports the problem.
 */
export async function settingsCacheDir(io: CliIo, explicitConfig: string | undefined): Promise<string | undefined> {
  const directory = resolve(io.cwd, nonEmpty(io.env['ONEIRIC_CONFIG_DIR']) ?? 'settings');
  let cacheDir: unknown = '.oneiric_cache';
  for (const names of [PROJECT_FILES, LOCAL_FILES]) {
    const layer = await firstLayer(directory, names);
    if (layer === null) {
      return undefined;
    }
    cacheDir = layer !== undefined && 'cache_dir' in layer ? layer['cache_dir'] : cacheDir;
  }
  cacheDir = nonEmpty(io.env['ONEIRIC_CACHE_DIR']) ?? cacheDir;
  const explicit = nonEmpty(explicitConfig) ?? nonEmpty(io.env['ONEIRIC_CONFIG']);
  if (explicit !== undefined) {
    const layer = await readLayer(resolve(io.cwd, explicit));
    if (layer === null || layer === undefined) {
      return undefined;
    }
    cacheDir = 'cache_dir' in layer ? layer['cache_dir'] : cacheDir;
  }
  if (typeof cacheDir !== 'string' || cacheDir === '') {
    return undefined;
  }
  return isAbsolute(cacheDir) ? cacheDir : resolve(io.cwd, cacheDir);
}

// The first existing file of the layer: its mapping, undefined when none exists, null when broken.
async function firstLayer(directory: string, names: readonly string[]): Promise<Record<string, unknown> | undefined | null> {
  for (const name of names) {
    const layer = await readLayer(join(directory, name));
    if (layer !== undefined) {
      return layer;
    }
  }
  return undefined;
}

async function readLayer(file: string): Promise<Record<string, unknown> | undefined | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : null;
  }
  try {
    const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
    // js-yaml only when a YAML file exists: most commands that talk to a runtime read none.
    const parsed: unknown = extname(file).toLowerCase() === '.json' ? JSON.parse(content) : (await import('js-yaml')).default.load(content) ?? {};
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : null;
  } catch {
    return null;
  }
}
