// Test helper: waits a number of milliseconds of real time.

/**
 * Resolves after `ms` milliseconds (a plain `setTimeout`, so fake timers affect it).
 *
 * @param ms - How long to wait, in milliseconds.
 * @returns A promise that resolves after the delay.
 */
export const sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));
