/** Reads key statuses from untrusted JSON, keeping the valid entries and fields. */
import { isDomain } from '../models/domain.js';
import { RECENT_SWAP_SAMPLES, type KeyState, type KeyStatus } from '../models/keyStatus.js';

const STATES: readonly KeyState[] = ['unknown', 'activating', 'ready', 'failed', 'closed'];

/** Result of parsing: the statuses kept and how many entries were dropped. */
export interface ParsedKeyStatuses {
  /** Valid statuses. */
  readonly statuses: KeyStatus[];
  /** Entries dropped because they had no valid domain or key. */
  readonly skipped: number;
}

/**
 * Parses the status file's content: a JSON array of statuses. Entries without a valid domain
 * and key are skipped; bad timestamps become null; non-numbers are dropped from durations.
 * @throws SyntaxError when `json` is not a JSON array
 */
export function parseKeyStatuses(json: string): ParsedKeyStatuses {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) {
    throw new SyntaxError('status file must hold a JSON array');
  }
  const statuses: KeyStatus[] = [];
  let skipped = 0;
  for (const entry of parsed as unknown[]) {
    if (typeof entry !== 'object' || entry === null) {
      skipped += 1;
      continue;
    }
    const record = entry as Record<string, unknown>;
    if (!isDomain(record['domain']) || typeof record['key'] !== 'string' || record['key'] === '') {
      skipped += 1;
      continue;
    }
    const durations = Array.isArray(record['recentSwapDurationsMs'])
      ? (record['recentSwapDurationsMs'] as unknown[]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value))
      : [];
    statuses.push({
      domain: record['domain'],
      key: record['key'],
      state: STATES.includes(record['state'] as KeyState) ? (record['state'] as KeyState) : 'unknown',
      currentProvider: stringOrNull(record['currentProvider']),
      pendingProvider: stringOrNull(record['pendingProvider']),
      lastError: stringOrNull(record['lastError']),
      lastStateChangeAt: timestampOrNull(record['lastStateChangeAt']),
      lastActivatedAt: timestampOrNull(record['lastActivatedAt']),
      lastHealthAt: timestampOrNull(record['lastHealthAt']),
      lastSwapDurationMs: finiteOrNull(record['lastSwapDurationMs']),
      recentSwapDurationsMs: durations.slice(-RECENT_SWAP_SAMPLES),
      successfulSwaps: countOrZero(record['successfulSwaps']),
      failedSwaps: countOrZero(record['failedSwaps']),
    });
  }
  return { statuses, skipped };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function timestampOrNull(value: unknown): string | null {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function countOrZero(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}
