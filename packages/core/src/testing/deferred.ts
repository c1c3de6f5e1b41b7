// Test helper: a promise whose settlement the test controls from outside.

/**
 * Creates a promise together with the functions that settle it, so a test can hold a hook or
 * factory open and release it at a chosen moment.
 *
 * @typeParam T - The fulfilment value; `void` by default, so `resolve()` needs no argument.
 * @returns The promise and its `resolve` and `reject` functions.
 */
export function deferred<T = void>(): { readonly promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
