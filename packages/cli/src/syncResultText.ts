// What one remote sync did, as `remote-sync` prints it (from this process or from a runtime).
import type { SyncResult } from '@oneiric/remote';

/** One JSON line, or a summary: serial, source, signers, counts, skipped entries. */
export function syncResultText(result: SyncResult, json: boolean): string {
  if (json) {
    return `${JSON.stringify(result)}\n`;
  }
  const lines = [
    `Synced manifest serial ${result.serial} from ${result.source}${result.offline ? ' (offline, from the cache)' : ''}; signed by ${result.signerKeyIds.join(', ') || 'nobody (unsigned allowed)'}`,
    `  registered: ${result.registered.length}, unchanged: ${result.unchanged.length}, retracted: ${result.retracted.length}, skipped: ${result.skipped.length}, artifacts checked: ${result.digestChecks}, ${result.durationMs} ms`,
    ...result.skipped.map((skipped) => `  skipped ${skipped.id} (${skipped.kind}): ${skipped.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}
