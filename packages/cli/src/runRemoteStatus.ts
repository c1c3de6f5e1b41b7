// The `remote-status` command: what the last remote syncs did, from the status file in the cache directory.
import { RemoteCache, redactUri } from '@oneiric/remote';
import { ExitCode } from './exitCode.js';
import type { RemoteContext } from './loadRemoteContext.js';
import { remoteStatusText as formatStatus } from './remoteStatusText.js';

/** Prints `<cache_dir>/remote_status.json` as text or (`json`) as one JSON document with the file's path. */
export async function runRemoteStatus(context: RemoteContext, json: boolean, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const cache = new RemoteCache(context.cacheDir);
  const status = await cache.readStatus();
  if (json) {
    stdout.write(`${JSON.stringify({ statusFile: cache.statusPath, manifestUrl: context.settings.manifest_url === undefined ? null : redactUri(context.settings.manifest_url), ...status })}\n`);
    return ExitCode.success;
  }
  stdout.write(formatStatus(status, context.settings.manifest_url === undefined ? undefined : redactUri(context.settings.manifest_url)));
  return ExitCode.success;
}
