// Reads what the remote commands need: Oneiric's settings (cache directory) and the `remote` section from its own file.
import { isAbsolute, join, resolve } from 'node:path';
import { optionsFromSettings } from '@oneiric/core';
import { parseRemoteSettings, type RemoteSettings } from '@oneiric/remote';
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import type { CliIo } from './cliIo.js';
import { loadCliSettings } from './loadCliSettings.js';

/** What the remote commands work with. */
export interface RemoteContext {
  /** Absolute cache directory (`cache_dir` resolved against the working directory). */
  readonly cacheDir: string;
  /** The validated `remote` settings. */
  readonly settings: RemoteSettings;
  /** The file the remote settings came from, or undefined for the defaults. */
  readonly settingsFile: string | undefined;
}

const REMOTE_FILES = ['remote.yaml', 'remote.yml', 'remote.json'] as const;

/**
 * Loads Oneiric's settings (as every command does, `--config` included) for the cache
 * directory, then the `remote` section from the first of `remote.yaml`, `remote.yml`,
 * `remote.json` in the settings directory: core's settings refuse unknown sections, so the
 * remote package keeps its own file. The file may hold the section itself or `{ remote: ... }`.
 * @throws ConfigError for Oneiric's settings; RemoteError `invalidSettings` for the remote file
 */
export async function loadRemoteContext(io: CliIo, explicitConfig: string | undefined): Promise<RemoteContext> {
  const settings = await loadCliSettings(io, explicitConfig);
  const cacheDir = optionsFromSettings(settings, { cwd: io.cwd }).cacheDir ?? resolve(io.cwd, settings.cache_dir);
  const configDir = isAbsolute(settings.config_dir) ? settings.config_dir : resolve(io.cwd, settings.config_dir);
  for (const name of REMOTE_FILES) {
    const file = join(configDir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    return { cacheDir, settings: parseRemoteSettings(yaml.load(text, { schema: yaml.JSON_SCHEMA }) ?? {}, file), settingsFile: file };
  }
  return { cacheDir, settings: parseRemoteSettings({}), settingsFile: undefined };
}
