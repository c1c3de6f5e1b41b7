// Test-only helper: runs the oneiric CLI in-process in a fresh temporary working directory, capturing its output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../runCli.js';

/** What one in-process CLI run produced. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Per-run options of {@link InProcessCli.run}. */
export interface RunOptions {
  /** The CLI's whole environment (default: empty, so the developer's ONEIRIC_* variables cannot leak in). */
  readonly env?: Record<string, string>;
  /** Reported as `stdout.isTTY` (default: not set). */
  readonly isTTY?: boolean;
}

/** The CLI of one spec file, with the current test's working directory. */
export interface InProcessCli {
  /** The current test's temporary working directory (created before each test, removed after it). */
  readonly workDir: string;
  /** Runs `argv` in {@link InProcessCli.workDir}, returning the exit code and everything written to stdout and stderr. */
  run(argv: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks giving every test a fresh temporary working directory
 * (no settings/ files), and returns a runner of the CLI in that directory.
 * @param prefix - the temporary directory's name prefix, e.g. `oneiric-cli-`
 * @example
 * ```ts
 * const cli = runInProcess('oneiric-cli-');
 * const { code, stdout } = await cli.run(['list']);
 * ```
 */
export function runInProcess(prefix: string): InProcessCli {
  let workDir: string | undefined;

  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), prefix));
  });

  afterEach(() => {
    if (workDir !== undefined) {
      rmSync(workDir, { recursive: true, force: true });
    }
    workDir = undefined;
  });

  const current = (): string => {
    if (workDir === undefined) {
      throw new Error('runInProcess: the working directory exists only while a test runs');
    }
    return workDir;
  };

  return {
    get workDir(): string {
      return current();
    },
    async run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
      let stdout = '';
      let stderr = '';
      const write = (chunk: string): string => (stdout += chunk);
      const code = await runCli(argv, {
        stdout: (options.isTTY === undefined ? { write } : { isTTY: options.isTTY, write }) as { write(chunk: string): unknown },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        cwd: current(),
        env: options.env ?? {},
      });
      return { code, stdout, stderr };
    },
  };
}
