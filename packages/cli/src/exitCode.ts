// The CLI's exit codes in one place, so commands, error reporting and tests agree on them.

/**
 * Exit codes of the `oneiric` binary.
 *
 * | code | meaning |
 * | ---- | ------- |
 * | 0 | success (also `--help` and `--version`) |
 * | 1 | failure: any `OneiricError` (registration, resolution, configuration), a module that cannot be imported or breaks the import contract, a key failed or forced unhealthy (`health`), no runtime for a command that changes live state, an unexpected error |
 * | 2 | usage: unknown command or option, missing or extra argument, missing command, bad `--domain`, `--version` after a command |
 */
export const ExitCode = {
  /** The command did what was asked. */
  success: 0,
  /** The command was well-formed but failed. */
  failure: 1,
  /** The command line itself is wrong; fixing the invocation fixes the problem. */
  usage: 2,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
