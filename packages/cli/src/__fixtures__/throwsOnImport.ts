// Test fixture for `--import`: fails while being evaluated (an import failure, not a usage error).

throw new Error('fixture exploded while loading');

/** Never reached. */
export const providers: unknown[] = [];
