/** The lifecycle status of one key, as `oneiric status` shows it and the status file stores it. */
import type { Domain } from './domain.js';

/**
 * Lifecycle states of a key.
 * @category Models
 */
export type KeyState = 'unknown' | 'activating' | 'ready' | 'failed' | 'closed';

/** How many swap durations a status keeps. */
export const RECENT_SWAP_SAMPLES = 20;

/**
 * Status of one key. Timestamps are ISO 8601 UTC strings.
 * @category Models
 */
export interface KeyStatus {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Current state; `failed` after a failed swap even though the old instance still serves. */
  readonly state: KeyState;
  /** Provider of the live instance, or null. */
  readonly currentProvider: string | null;
  /** Provider being activated, or null. */
  readonly pendingProvider: string | null;
  /** Message of the last failure, or null after a success. */
  readonly lastError: string | null;
  /** When the state last changed. */
  readonly lastStateChangeAt: string | null;
  /** When the current instance was activated. */
  readonly lastActivatedAt: string | null;
  /** When a health check last ran. */
  readonly lastHealthAt: string | null;
  /** Duration of the last swap attempt, in milliseconds. */
  readonly lastSwapDurationMs: number | null;
  /** Durations of the last 20 (`RECENT_SWAP_SAMPLES`) swap attempts, oldest first. */
  readonly recentSwapDurationsMs: readonly number[];
  /** Swaps that flipped to a new instance. */
  readonly successfulSwaps: number;
  /** Swaps that failed and left the old instance live. */
  readonly failedSwaps: number;
}

/** A fresh status for a key never activated. */
export function initialKeyStatus(domain: Domain, key: string): KeyStatus {
  return {
    domain,
    key,
    state: 'unknown',
    currentProvider: null,
    pendingProvider: null,
    lastError: null,
    lastStateChangeAt: null,
    lastActivatedAt: null,
    lastHealthAt: null,
    lastSwapDurationMs: null,
    recentSwapDurationsMs: [],
    successfulSwaps: 0,
    failedSwaps: 0,
  };
}
