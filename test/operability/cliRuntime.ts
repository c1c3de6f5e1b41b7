// A runtime run the way an operator runs one: `oneiric --import ./providers.mjs orchestrate` in a
// temporary project, with the TCP listener on a free port; swaps go through the compiled CLI.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildRuntimePackage } from '../runtime/runtimeProcessHarness.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
/** The compiled `oneiric` binary. */
export const CLI_BIN = path.join(root, 'packages', 'cli', 'dist', 'bin.js');

// Two greeters: english wins on priority, french is there to swap to.
const PROVIDERS_MODULE = `
const greeter = (word) => ({ kind: 'function', build: () => ({ greet: () => word }) });
export function register(app) {
  app.register(
    { domain: 'adapter', key: 'greeter', provider: 'english', priority: 100, factory: greeter('hello') },
    { domain: 'adapter', key: 'greeter', provider: 'french', priority: 50, factory: greeter('bonjour') },
  );
}
`;

/** Compiles the CLI and what it depends on, so the child processes run the sources under test. */
export async function buildCli(): Promise<void> {
  await buildRuntimePackage('packages/cli');
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right away). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A runtime process started by {@link startCliRuntime}. */
export interface CliRuntime {
  /** The project directory (also the runtime's working and cache directory parent). */
  readonly dir: string;
  /** Base URL of its TCP listener: `/metrics`, `/healthz`, the status page. */
  readonly httpBase: string;
  /** The runtime's process id. */
  readonly pid: number;
  /** Runs `oneiric <argv>` in the project (the live commands reach this runtime); rejects on a non-zero exit. */
  oneiric(...argv: string[]): Promise<string>;
  /** Stops the runtime by its pid (SIGTERM, then SIGKILL after 15 s) and removes the project. */
  stop(): Promise<void>;
}

/**
 * Writes the project, starts `oneiric orchestrate` in it with `runtime.http.port` on a free port,
 * and waits until `/healthz` answers on that port.
 */
export async function startCliRuntime(prefix: string): Promise<CliRuntime> {
  // Short: the control socket's path under it must stay below the ~100-byte Unix limit.
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(dir, 'providers.mjs'), PROVIDERS_MODULE);
  const port = await freePort();
  // Only PATH and what the test sets: the developer's ONEIRIC_* variables must not leak in.
  const env = { PATH: process.env['PATH'] ?? '', ONEIRIC_RUNTIME__HTTP__PORT: String(port), ONEIRIC_LOG_LEVEL: 'error' };
  const child = spawn(process.execPath, [CLI_BIN, '--import', './providers.mjs', 'orchestrate'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const httpBase = `http://127.0.0.1:${String(port)}`;
  const runtime: CliRuntime = {
    dir,
    httpBase,
    pid: child.pid ?? -1,
    async oneiric(...argv: string[]): Promise<string> {
      const { stdout } = await run(process.execPath, [CLI_BIN, ...argv], { cwd: dir, env, timeout: 60_000 });
      return stdout;
    },
    async stop(): Promise<void> {
      await stopProcess(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForHttp(`${httpBase}/healthz`, exited, () => stderr);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  return runtime;
}

async function waitForHttp(url: string, exited: Promise<void>, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  let hasExited = false;
  void exited.then(() => { hasExited = true; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new Error(`the runtime exited before answering: ${stderr()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${String(timeoutMs)} ms: ${stderr()}`);
}

/** SIGTERM by pid, then SIGKILL if it has not exited within `graceMs`; resolves once it exited. */
export async function stopProcess(child: ChildProcess, exited: Promise<void>, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), graceMs); });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/** Polls `check` every `intervalMs` until it returns a value, or fails after `timeoutMs` with the last reason. */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = String(error);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what} not seen within ${String(timeoutMs)} ms${lastError === '' ? '' : ` (last error: ${lastError})`}`);
}

/** Why `command --version` does not run here, or undefined when it does. */
export function missingBinary(command: string, versionArgs: readonly string[] = ['--version']): string | undefined {
  const probe = spawnSync(command, versionArgs, { encoding: 'utf8', timeout: 30_000 });
  if (probe.error !== undefined) {
    return `${command}: ${probe.error.message}`;
  }
  return probe.status === 0 ? undefined : `${command} ${versionArgs.join(' ')} exited ${String(probe.status)}`;
}

/** Whether this run is CI's (`CI=true`), where a missing tool is a failure instead of a skip. */
export function isCiRun(): boolean {
  return process.env['CI'] === 'true' || process.env['CI'] === '1';
}

/**
 * Runs `body` as a describe block when `missing` is undefined (the tool runs here). Otherwise, on
 * CI one failing test says the tool is missing (.ci/run installs it), and elsewhere the block is
 * skipped with the reason and the Debian package to install printed.
 */
export function describeWhenInstalled(title: string, missing: string | undefined, debianPackage: string, body: () => void): void {
  if (missing === undefined) {
    describe(title, body);
  } else if (isCiRun()) {
    describe(title, () => {
      it(`has its tool installed (.ci/run installs Debian's ${debianPackage} package)`, () => {
        throw new Error(`missing on CI: ${missing}`);
      });
    });
  } else {
    console.log(`${title}: skipped, ${missing}; apt-get install -y --no-install-recommends ${debianPackage} to run it`);
    describe.skip(title, () => {
      it(`needs Debian's ${debianPackage} package`, () => undefined);
    });
  }
}
