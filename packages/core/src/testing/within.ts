// Test helper: bounds how long a test waits for a promise, so a broken test fails fast instead of hanging.

/**
 * Settles like `promise`, but rejects with `<what> did not happen within <ms> ms` when
 * `promise` has not settled within `ms` milliseconds. The timer is always cleared.
 *
 * @param promise - The promise to wait for.
 * @param ms - How long to wait, in milliseconds.
 * @param what - What the promise stands for, used in the timeout message.
 * @returns A promise settling like `promise`, or rejecting on timeout.
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
