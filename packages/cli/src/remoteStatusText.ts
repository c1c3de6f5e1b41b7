// The text of `remote-status`: last success and failure, failures in a row, counts of the last sync.
import type { RemoteStatus } from '@oneiric/remote';

/** The status as lines; `manifestUrl` already redacted, undefined when none is configured. */
export function remoteStatusText(status: RemoteStatus, manifestUrl: string | undefined): string {
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
