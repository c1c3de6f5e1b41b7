// Test helper: runs an action and hands back whatever it threw, so a spec can assert on it.

/**
 * Runs `action` and returns what it threw, or `undefined` when it returned normally.
 *
 * @param action - The code expected to throw.
 * @returns The thrown value, or `undefined` when nothing was thrown.
 */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
