/** Reconnection delay: exponential with full jitter, capped (pure given `random`). */

/**
 * `min(maxMs, baseMs * 2^(attempt-1))` scaled by a random factor in [0.5, 1), so instances that
 * lost the server together do not all come back in the same millisecond.
 * @param attempt - 1 for the first retry
 * @param random - a number in [0, 1)
 * @category Calculations
 */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(ceiling * (0.5 + random / 2));
}
