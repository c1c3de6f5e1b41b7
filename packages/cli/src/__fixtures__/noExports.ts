// Test fixture for `--import`: exports neither `register` nor `providers` (a contract violation).

/** An unrelated export. */
export const unrelated = 42;
