/** Waits for a callback-style operation with a time limit, with one promise and one timer: the publish hot path of the queue adapters. */
import { TimeoutError } from '@oneiric/core';

/**
 * Starts `operation`, passing it a callback, and resolves with the value it calls back with, or
 * rejects with its error, or with core's TimeoutError after `timeoutMs` (the operation is not
 * cancelled: its late result is ignored). Same contract as `withTimeout`, without the three
 * extra promises and the race that the per-message publish path would pay for.
 * @param label - names the operation in the TimeoutError
 */
export function settleWithin<T>(timeoutMs: number, label: string, operation: (done: (error: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(label, timeoutMs)), timeoutMs);
    // A pending limit must never keep the process alive on its own.
    timer.unref();
    try {
      operation((error, value) => {
        clearTimeout(timer);
        if (error === null || error === undefined) {
          resolve(value as T);
        } else {
          reject(error);
        }
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}
