/** Retries an async operation with exponential backoff and jitter. */
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type BackoffPolicy } from '../calculations/backoffDelay.js';

/**
 * Options of {@link retryWithBackoff}.
 * @category Resiliency
 */
export interface RetryOptions extends Partial<BackoffPolicy> {
  /** Total attempts including the first (default 3). */
  readonly attempts?: number;
  /** Decides whether an error is worth retrying (default: every error). */
  readonly retryOn?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait, e.g. to log the retry. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Aborts the waiting between attempts. */
  readonly signal?: AbortSignal;
  /** Source of randomness in [0, 1); injectable for tests. */
  readonly random?: () => number;
}

/**
 * Runs `operation` until it succeeds or `attempts` are used, waiting
 * {@link backoffDelay} between attempts (defaults: base 100 ms, max 30 s, jitter 0.25).
 * Rethrows the last error.
 * @example
 * ```ts
 * const rows = await retryWithBackoff(() => pool.query('SELECT 1'), { attempts: 5 });
 * ```
 * @category Resiliency
 */
export async function retryWithBackoff<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const requestedAttempts = Math.floor(options.attempts ?? 3);
  // NaN would never be reached by the attempt counter: fall back to the default.
  const attempts = Number.isNaN(requestedAttempts) ? 3 : Math.max(1, requestedAttempts);
  const policy: BackoffPolicy = {
    baseDelayMs: options.baseDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    jitter: options.jitter ?? 0.25,
  };
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= attempts || (options.retryOn !== undefined && !options.retryOn(error, attempt))) {
        throw error;
      }
      const delayMs = backoffDelay(attempt, policy, random());
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, undefined, options.signal === undefined ? undefined : { signal: options.signal });
    }
  }
}
