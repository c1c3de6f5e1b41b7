// The `remote-status` command: what the last remote syncs did, from the status file in the cache directory.
import { RemoteCache, redactUri, type RemoteStatus } from '@oneiric/remote';
import { ExitCode } from './exitCode.js';
import type { RemoteContext } from './loadRemoteContext.js';

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

function formatStatus(status: RemoteStatus, manifestUrl: string | undefined): string {
  const perDomain = Object.entries(status.lastPerDomain ?? {}).map(([domain, count]) => `${domain}=${count}`).join(' ');
  return [
    `Remote manifest: ${manifestUrl ?? '(no remote.manifest_url)'}`,
    `  last success: ${status.lastSuccessAt ?? 'never'}${status.lastOffline === true ? ' (offline, from the cache)' : ''}`,
    `  last failure: ${status.lastFailureAt ?? 'never'}${status.lastError === undefined ? '' : ` (${status.lastErrorKind ?? 'error'}: ${status.lastError})`}`,
    `  consecutive failures: ${status.consecutiveFailures}`,
    `  serial: ${status.lastSerial ?? '-'}; registered ${status.lastRegistered ?? 0}, unchanged ${status.lastUnchanged ?? 0}, retracted ${status.lastRetracted ?? 0}, skipped ${status.lastSkipped ?? 0}; ${status.lastDurationMs ?? 0} ms`,
    `  per domain: ${perDomain === '' ? '-' : perDomain}`,
    '',
  ].join('\n');
}
