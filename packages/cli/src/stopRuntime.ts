// `oneiric stop`: SIGTERM to the runtime of the cache directory, wait, SIGKILL past the timeout.
import { findRuntime, isProcessAlive } from '@oneiric/runtime/client';
import type { CliIo } from './cliIo.js';
import { CommandError } from './commandError.js';
import { ExitCode } from './exitCode.js';

/** Options of `stop`. */
export interface StopOptions {
  /** How long to wait after SIGTERM before SIGKILL, in milliseconds. */
  readonly timeoutMs: number;
  /** Print JSON. */
  readonly json: boolean;
}

const POLL_MS = 50;
// After SIGKILL the kernel ends the process at once; this only bounds the wait for it to go.
const KILL_WAIT_MS = 5_000;

/**
 * Stops the runtime running for `cacheDir`: SIGTERM (it stops intake, drains within
 * `runtime.shutdown_timeout_ms` and cleans up), then waits up to `timeoutMs`; past it, SIGKILL
 * (the next `start` replaces the stale PID record and socket). No runtime running is not an
 * error: what `stop` is for already holds (a note says so, exit 0).
 * @throws CommandError `runtimeStillRunning` when the process outlives even SIGKILL's wait, or
 *   the record names a pid that is not a single process (0, 1, negative)
 */
export async function stopRuntime(cacheDir: string, options: StopOptions, io: CliIo): Promise<ExitCode> {
  const record = await findRuntime(cacheDir, io.cwd);
  if (record === undefined) {
    io.stderr.write(`oneiric: note: no runtime is running for ${cacheDir}\n`);
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ stopped: false, running: false })}\n`);
    }
    return ExitCode.success;
  }
  // 0, 1 and negative ids signal process groups or init: a damaged record must never do that.
  if (record.pid <= 1) {
    throw new CommandError('runtimeStillRunning', `the runtime record in ${cacheDir} names pid ${record.pid}, which stop refuses to signal`, { pid: String(record.pid) });
  }
  const started = Date.now();
  process.kill(record.pid, 'SIGTERM');
  let signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM';
  if (!await waitForExit(record.pid, options.timeoutMs)) {
    signal = 'SIGKILL';
    process.kill(record.pid, 'SIGKILL');
    if (!await waitForExit(record.pid, KILL_WAIT_MS)) {
      throw new CommandError('runtimeStillRunning', `the runtime (pid ${record.pid}) is still running after SIGKILL`, { pid: String(record.pid) });
    }
  }
  const elapsedMs = Date.now() - started;
  io.stdout.write(options.json
    ? `${JSON.stringify({ stopped: true, pid: record.pid, signal, elapsedMs })}\n`
    : `Stopped the runtime (pid ${record.pid}) with ${signal}${signal === 'SIGKILL' ? ` after ${options.timeoutMs} ms without exiting` : ''}\n`);
  return ExitCode.success;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
