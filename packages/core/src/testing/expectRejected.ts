// Test helper: awaits a promise that must reject with an error of a given class and returns that error.

/**
 * Awaits `promise`, which must reject with an instance of `type`, and returns the rejection
 * reason. Fails the current test (through `expect(...).toBeInstanceOf(type)`) when it rejects
 * with something else or fulfils.
 *
 * @param promise - The promise expected to reject.
 * @param type - The error class the rejection reason must be an instance of.
 * @returns The rejection reason, typed as `E`.
 */
export async function expectRejected<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  let failure: unknown;
  try {
    await promise;
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(type);
  return failure as E;
}
