/** How often and how patiently an event handler or workflow node is retried. */

/**
 * Retry policy of a handler or node; every field optional.
 * @category Models
 */
export interface RetryPolicy {
  /** Total attempts including the first (default 1: no retry). */
  readonly attempts?: number;
  /** Delay before the first retry, in milliseconds (default 100). */
  readonly baseDelayMs?: number;
  /** Upper bound of a delay, in milliseconds (default 30 000). */
  readonly maxDelayMs?: number;
  /** Fraction of each delay randomised, in [0, 1] (default 0.25). */
  readonly jitter?: number;
}
