// `oneiric start`: runs `orchestrate` as a detached process and waits until its control socket answers.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlClient, findRuntime, isProcessAlive, runtimePaths, type RuntimeRecord } from '@oneiric/runtime/client';
import type { CliIo } from './cliIo.js';
import { CommandError } from './commandError.js';
import { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';

/** Options of `start`. */
export interface StartOptions {
  /** `--profile` passed to `orchestrate`. */
  readonly profile?: string;
  /** How long to wait for the runtime to answer, in milliseconds. */
  readonly timeoutMs: number;
  /** Print JSON. */
  readonly json: boolean;
}

const POLL_MS = 100;
// The compiled binary, from src/ (tests) and dist/ alike.
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/**
 * Starts `oneiric orchestrate` detached (its output appended to `<cache_dir>/runtime/runtime.log`,
 * 0600), waits until its PID record names it and its socket answers `/v1/health`, and prints the
 * PID and socket.
 * @throws CommandError `runtimeAlreadyRunning` when one runs for the cache directory;
 *   `runtimeNotReady` when the process exits first (with the end of its log) or does not answer
 *   within `timeoutMs` (it is then left running: `oneiric stop` ends it)
 */
export async function startRuntime(cacheDir: string, globals: GlobalOptions, options: StartOptions, io: CliIo): Promise<ExitCode> {
  const running = await findRuntime(cacheDir, io.cwd);
  if (running !== undefined) {
    throw new CommandError('runtimeAlreadyRunning', `a runtime is already running for ${cacheDir} (pid ${running.pid}, socket ${running.socket})`, { cacheDir, pid: String(running.pid) });
  }
  const paths = runtimePaths(cacheDir, io.cwd);
  mkdirSync(paths.directory, { recursive: true, mode: 0o700 });
  const logFile = path.join(paths.directory, 'runtime.log');
  const log = openSync(logFile, 'a', 0o600);
  const child = spawn(process.execPath, [BIN, ...argsOf(globals, options)], {
    cwd: io.cwd, env: io.env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  // A spawn failure is reported through 'error' (and no pid); handled here so it cannot crash the CLI.
  child.once('error', () => {
    exited ??= null;
  });
  if (child.pid === undefined) {
    throw new CommandError('runtimeNotReady', `the runtime process could not be started (${process.execPath}); see ${logFile}`, { cacheDir, log: logFile });
  }
  child.unref();
  const record = await waitUntilAnswering(cacheDir, io.cwd, child.pid, options.timeoutMs, () => exited !== undefined);
  if (record === undefined) {
    const why = exited !== undefined ? `exited with code ${String(exited)}` : `did not answer within ${options.timeoutMs} ms (pid ${child.pid} left running; \`oneiric stop\` ends it)`;
    throw new CommandError('runtimeNotReady', `the runtime ${why}; see ${logFile}`, { cacheDir, log: logFile });
  }
  io.stdout.write(options.json
    ? `${JSON.stringify({ pid: record.pid, socket: record.socket, profile: record.profile, log: logFile, ...(record.httpPort === undefined ? {} : { httpHost: record.httpHost, httpPort: record.httpPort }) })}\n`
    : `Runtime started: pid ${record.pid}, socket ${record.socket}, profile ${record.profile}${record.httpPort === undefined ? '' : `, http ${record.httpHost ?? '127.0.0.1'}:${record.httpPort}`}\nLog: ${logFile}\n`);
  return ExitCode.success;
}

function argsOf(globals: GlobalOptions, options: StartOptions): string[] {
  return [
    ...(globals.config === undefined ? [] : ['--config', globals.config]),
    ...globals.import.flatMap((specifier) => ['--import', specifier]),
    'orchestrate',
    ...(options.profile === undefined ? [] : ['--profile', options.profile]),
  ];
}

// Polls the PID record and the socket; undefined when the child exits or time runs out.
async function waitUntilAnswering(cacheDir: string, cwd: string, pid: number, timeoutMs: number, hasExited: () => boolean): Promise<RuntimeRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !hasExited() && isProcessAlive(pid)) {
    const record = await findRuntime(cacheDir, cwd);
    if (record?.pid === pid && await answers(record.socket)) {
      return record;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}

async function answers(socket: string): Promise<boolean> {
  try {
    await new ControlClient({ socketPath: socket, timeoutMs: 2_000 }).request('GET', '/v1/health');
    return true;
  } catch {
    return false;
  }
}
