/** Which settings files a runtime's selection watchers follow. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeConfig } from '../config/runtimeConfig.js';

const PROJECT_FILES = ['oneiric.yaml', 'oneiric.yml', 'oneiric.json'] as const;
const LOCAL_FILES = ['local.yaml', 'local.yml', 'local.json'] as const;

/**
 * The files whose edits can change a selection: the project file and the local file of the
 * settings directory (the first of each that exists; `oneiric.yaml` when neither does, so
 * creating it is noticed), and the explicit file when there is one.
 */
export async function selectionWatchPaths(config: RuntimeConfig): Promise<string[]> {
  const project = await firstExisting(config.settingsDir, PROJECT_FILES);
  const local = await firstExisting(config.settingsDir, LOCAL_FILES);
  const paths = [project ?? path.join(config.settingsDir, PROJECT_FILES[0])];
  if (local !== undefined) {
    paths.push(local);
  }
  if (config.configFile !== undefined) {
    paths.push(config.configFile);
  }
  return [...new Set(paths)];
}

async function firstExisting(directory: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const file = path.join(directory, name);
    try {
      await access(file);
      return file;
    } catch {
      // Try the next spelling.
    }
  }
  return undefined;
}
