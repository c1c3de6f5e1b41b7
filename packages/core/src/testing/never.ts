// Test helper: a promise that never settles, for hooks and factories that must hang.

/**
 * Returns a promise that neither resolves nor rejects.
 *
 * @returns A forever-pending promise.
 */
export const never = (): Promise<never> => new Promise<never>(() => undefined);
