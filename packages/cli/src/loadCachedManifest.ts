// Registers the candidates of the cached remote manifest, so read-only commands see what remote-sync brought.
import { readFile, rm } from 'node:fs/promises';
import { optionsFromSettings, type Oneiric } from '@oneiric/core';
import { writeFileAtomic } from '@oneiric/core/internal';
import { createAuditLogger, RemoteCache, RemoteSync } from '@oneiric/remote';
import type { CliIo } from './cliIo.js';
import { loadCliSettings } from './loadCliSettings.js';
import { loadRemoteContext } from './loadRemoteContext.js';

/**
 * Applies the last verified manifest in `<cache_dir>/remote` to `app` (verified again, artifacts
 * re-hashed), as an application starting offline would, so `list`, `explain` and `status`
 * answered from the files show remote candidates after a `remote-sync`. Nothing cached: nothing
 * happens. A cached manifest that is refused now (expired, key no longer trusted), or remote
 * settings that cannot be read, are reported on stderr as a note and the command goes on with
 * the local candidates.
 *
 * Reading must not look like syncing: `remote_status.json` is put back as it was, so
 * `remote-status` keeps reporting the last real sync.
 */
export async function loadCachedManifest(app: Oneiric, io: CliIo, explicitConfig: string | undefined): Promise<void> {
  const settings = await loadCliSettings(io, explicitConfig);
  const cache = new RemoteCache(optionsFromSettings(settings, { cwd: io.cwd }).cacheDir ?? settings.cache_dir);
  // Nothing cached (the usual case without remote manifests): the remote settings are not even read.
  if (await cache.readManifest() === undefined) {
    return;
  }
  const statusBefore = await readOptional(cache.statusPath);
  let remote: RemoteSync | undefined;
  try {
    const context = await loadRemoteContext(io, explicitConfig);
    remote = new RemoteSync({
      app, cacheDir: context.cacheDir, settings: context.settings, env: io.env, cwd: io.cwd,
      logger: app.logger, auditLogger: createAuditLogger({ quiet: true }),
    });
    await remote.syncFromCache();
  } catch (error) {
    io.stderr.write(`oneiric: note: the cached remote manifest was not loaded: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    remote?.close();
    await (statusBefore === undefined ? rm(cache.statusPath, { force: true }) : writeFileAtomic(cache.statusPath, statusBefore));
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
