// The process surface runCli talks to, injected so tests can run the CLI in-process.

/**
 * Where `runCli` writes and what it reads from its environment. `bin.ts` passes the real
 * process streams; tests pass string collectors, a temporary `cwd` and a controlled `env`.
 */
export interface CliIo {
  /** Command output (lists, explanations, `--help`). */
  readonly stdout: { write(chunk: string): unknown };
  /** Error lines and usage shown after a usage error. */
  readonly stderr: { write(chunk: string): unknown };
  /** Directory relative `--config` and `--import` paths are resolved against; settings are looked up from it. */
  readonly cwd: string;
  /** Environment: `ONEIRIC_*` settings layers and `ONEIRIC_DEBUG=1` (print stack traces). */
  readonly env: Readonly<Record<string, string | undefined>>;
}
