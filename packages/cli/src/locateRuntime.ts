// Finds the cache directory of this command and the runtime running for it, if any, without loading core.
import { ControlClient, findRuntime, type RuntimeRecord } from '@oneiric/runtime/client';
import type { CliIo } from './cliIo.js';
import { settingsCacheDir } from './settingsCacheDir.js';

/** Where a live command goes: the cache directory, and the runtime of it when one runs. */
export interface RuntimeLocation {
  /** The absolute cache directory the settings name. */
  readonly cacheDir: string;
  /** The running runtime's PID record, when one runs. */
  readonly record?: RuntimeRecord;
  /** A client of its control socket, when one runs. */
  readonly client?: ControlClient;
}

/** Time limit of one control request from the CLI: swaps and syncs can take a while. */
export const CLI_CONTROL_TIMEOUT_MS = 60_000;

/**
 * The cache directory (read from the settings without loading core when it can; otherwise
 * through core's loader, which reports a broken configuration) and the runtime whose live PID
 * record sits in it.
 */
export async function locateRuntime(io: CliIo, explicitConfig: string | undefined): Promise<RuntimeLocation> {
  const cacheDir = await settingsCacheDir(io, explicitConfig) ?? await loadedCacheDir(io, explicitConfig);
  const record = await findRuntime(cacheDir, io.cwd);
  if (record === undefined) {
    return { cacheDir };
  }
  // A command sends one request (or a few): a connection each, and node:http never loaded.
  return { cacheDir, record, client: new ControlClient({ socketPath: record.socket, timeoutMs: CLI_CONTROL_TIMEOUT_MS, keepAlive: false }) };
}

async function loadedCacheDir(io: CliIo, explicitConfig: string | undefined): Promise<string> {
  const { loadSettings, optionsFromSettings } = await import('@oneiric/core');
  const { settings } = await loadSettings({ cwd: io.cwd, env: io.env, ...(explicitConfig === undefined ? {} : { explicitPath: explicitConfig }) });
  return optionsFromSettings(settings, { cwd: io.cwd }).cacheDir ?? settings.cache_dir;
}
