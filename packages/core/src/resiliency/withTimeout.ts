/** Bounds a promise by a deadline without leaving a timer behind. */
import { TimeoutError } from '../errors/timeoutError.js';

/**
 * Resolves or rejects like `work`, or rejects with {@link TimeoutError} after `timeoutMs`.
 * The work itself is not cancelled (JavaScript cannot); callers clean up what it produces.
 * @param timeoutMs - the limit; `Infinity` or a non-positive value disables it
 * @category Resiliency
 */
export function withTimeout<T>(work: Promise<T> | T, timeoutMs: number, label: string): Promise<T> {
  const promise = Promise.resolve(work);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    return promise;
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(label, timeoutMs)), timeoutMs);
    // A pending deadline must never keep the process alive on its own.
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
