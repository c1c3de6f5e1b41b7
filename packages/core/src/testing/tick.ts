// Test helper: waits one turn of the event loop so pending callbacks and microtasks can run.

/**
 * Resolves on the next `setImmediate`, after the promise jobs and I/O callbacks already queued.
 *
 * @returns A promise that resolves on the next event-loop turn.
 */
export const tick = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
