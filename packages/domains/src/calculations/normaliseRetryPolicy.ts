/** Turns a declared retry policy into one with every field a usable number (a pure calculation). */
import type { RetryPolicy } from '../models/retryPolicy.js';

/**
 * Upper bound of `attempts`: a policy asking for more is clamped to it.
 * @category Calculations
 */
export const MAX_RETRY_ATTEMPTS = 100;

/**
 * A retry policy with every field present and within range.
 * @category Calculations
 */
export type CompleteRetryPolicy = Required<RetryPolicy>;

/**
 * Every field of `declared` that is a finite number is clamped into range (`attempts` an
 * integer in [1, {@link MAX_RETRY_ATTEMPTS}], delays in [0, 1 h] with `maxDelayMs` at least
 * `baseDelayMs`, `jitter` in [0, 1]); an absent field takes its default (1 attempt, 100 ms,
 * 30 000 ms, 0.25); a field of another type (`attempts: 'three'`, NaN) takes its default too
 * and is named in `invalid`, so the caller can warn about it.
 * @category Calculations
 */
export function normaliseRetryPolicy(declared: unknown): { policy: CompleteRetryPolicy; invalid: string[] } {
  const invalid: string[] = [];
  const source = typeof declared === 'object' && declared !== null ? declared as Record<string, unknown> : {};
  if (declared !== undefined && declared !== null && typeof declared !== 'object') {
    invalid.push('retry');
  }
  const read = (field: keyof RetryPolicy, fallback: number, min: number, max: number): number => {
    const value = source[field];
    if (value === undefined) {
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      invalid.push(`retry.${field}`);
      return fallback;
    }
    return Math.min(max, Math.max(min, value));
  };
  const attempts = Math.floor(read('attempts', 1, 1, MAX_RETRY_ATTEMPTS));
  const baseDelayMs = read('baseDelayMs', 100, 0, 3_600_000);
  const maxDelayMs = Math.max(baseDelayMs, read('maxDelayMs', 30_000, 0, 3_600_000));
  const jitter = read('jitter', 0.25, 0, 1);
  return { policy: { attempts, baseDelayMs, maxDelayMs, jitter }, invalid };
}

/**
 * A timeout in milliseconds: a finite positive number as given, else `fallback` (and the field
 * is named in `invalid` when it was set to something else).
 * @category Calculations
 */
export function normaliseTimeoutMs(value: unknown, fallback: number, field: string, invalid: string[]): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    invalid.push(field);
    return fallback;
  }
  return value;
}
