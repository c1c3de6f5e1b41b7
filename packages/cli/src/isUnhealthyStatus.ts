// Whether a recorded key status means the key is not healthy: failed, or forced past a failing check.
import type { KeyStatus } from '@oneiric/core';

// What core's lifecycle records as lastError when `swap --force` accepted a failing health check.
const FORCED_PREFIX = 'forced past failing health check';

/**
 * True when the key's last recorded state is `failed`, or it is `ready` only because `--force`
 * accepted a failing health check (the status file keeps that as its `lastError`). `health`
 * exits 1 when any reported key is unhealthy.
 */
export function isUnhealthyStatus(status: Pick<KeyStatus, 'state' | 'lastError'>): boolean {
  return status.state === 'failed' || (status.lastError?.startsWith(FORCED_PREFIX) ?? false);
}
