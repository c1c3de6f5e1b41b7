/** The remote status after a failed sync. */
import { RemoteError } from '../errors/remoteError.js';
import type { RemoteStatus } from '../models/remoteStatus.js';
import { messageOf } from '@oneiric/core/internal';

/** What is known of the failed attempt besides its error. */
export interface FailedAttempt {
  /** The (redacted) manifest address. */
  readonly source: string;
  /** Whether it was an offline start. */
  readonly offline: boolean;
  /** How long it ran. */
  readonly durationMs: number;
}

/**
 * `status` with `error` recorded at `nowMs`: one more consecutive failure, the error's message and
 * (for a `RemoteError`) its kind replacing the last ones, and the attempt's source, mode and
 * duration when given. The last success is kept.
 */
export function statusAfterFailure(status: RemoteStatus, error: unknown, nowMs: number, attempt?: FailedAttempt): RemoteStatus {
  const { lastError: _error, lastErrorKind: _kind, ...rest } = status;
  return {
    ...rest,
    lastFailureAt: new Date(nowMs).toISOString(),
    consecutiveFailures: status.consecutiveFailures + 1,
    lastError: messageOf(error),
    ...(error instanceof RemoteError ? { lastErrorKind: error.kind } : {}),
    ...(attempt === undefined ? {} : { lastSource: attempt.source, lastOffline: attempt.offline, lastDurationMs: attempt.durationMs }),
  };
}
