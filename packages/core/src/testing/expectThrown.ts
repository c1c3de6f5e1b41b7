// Test helper: asserts that an action throws an error of a given class and returns that error.

/**
 * Runs `action`, which must throw an instance of `type`, and returns the thrown error.
 * Fails the current test (through `expect(...).toBeInstanceOf(type)`) when it throws
 * something else or nothing at all.
 *
 * @param action - The code expected to throw.
 * @param type - The error class the thrown value must be an instance of.
 * @returns The thrown error, typed as `E`.
 */
export function expectThrown<E>(action: () => unknown, type: abstract new (...args: never[]) => E): E {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  return caught as E;
}
