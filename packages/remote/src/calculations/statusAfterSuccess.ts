/** The remote status after a successful sync. */
import type { RemoteStatus } from '../models/remoteStatus.js';
import type { SyncResult } from '../models/syncResult.js';

/** `status` with the success of `result` recorded at `nowMs`; the failure count starts again at 0. */
export function statusAfterSuccess(status: RemoteStatus, result: SyncResult, nowMs: number, durationMs: number): RemoteStatus {
  return {
    ...status,
    lastSuccessAt: new Date(nowMs).toISOString(),
    consecutiveFailures: 0,
    lastSource: result.source,
    lastOffline: result.offline,
    lastSerial: result.serial,
    lastRegistered: result.registered.length,
    lastUnchanged: result.unchanged.length,
    lastRetracted: result.retracted.length,
    lastSkipped: result.skipped.length,
    lastDigestChecks: result.digestChecks,
    lastPerDomain: { ...result.perDomain },
    lastDurationMs: durationMs,
  };
}
