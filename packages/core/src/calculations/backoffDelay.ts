/** Exponential backoff with jitter, as a pure function of the attempt and a random number. */

/**
 * Parameters of the backoff curve.
 * @category Resiliency
 */
export interface BackoffPolicy {
  /** Delay before the first retry, in milliseconds. */
  readonly baseDelayMs: number;
  /** Upper bound of any delay, in milliseconds. */
  readonly maxDelayMs: number;
  /** Fraction of the delay randomised, in [0, 1]: 0.25 gives delay × [0.75, 1.25]. */
  readonly jitter: number;
}

/**
 * Delay before retry number `retry` (1 for the first retry): `base × 2^(retry-1)`, capped at
 * `maxDelayMs`, then spread by ±`jitter` using `random` in [0, 1).
 * @category Resiliency
 */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  const spread = capped * jitter * (2 * random - 1);
  return Math.max(0, Math.min(policy.maxDelayMs, Math.round(capped + spread)));
}
