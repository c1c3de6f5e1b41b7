// Runs the fixture application under a real runtime in a child process, built from the compiled packages.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ControlClient, readRuntimeRecord, runtimePaths, type RuntimeRecord } from '@oneiric/runtime/client';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/workerApp.mjs', import.meta.url));

/** Compiles a project (the runtime by default) and what it depends on, so a child imports current code. */
export async function buildRuntimePackage(project = 'packages/runtime'): Promise<void> {
  try {
    await run(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '--build', `${project}/tsconfig.json`], { cwd: root, timeout: 300_000 });
  } catch (error) {
    // tsc --build still emits when it reports type errors; those are the typecheck's business,
    // and this test needs only the JavaScript. A build that wrote nothing is a failure.
    if (!existsSync(`${root}/${project}/dist`)) {
      throw error;
    }
  }
}

/** A fixture process and what it printed. */
export interface FixtureProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts the fixture with `cwd` as its working directory (and cache directory parent). */
export function spawnFixture(cwd: string, env: Readonly<Record<string, string>> = {}): FixtureProcess {
  // Only PATH and what the test sets: the developer's ONEIRIC_* variables must not leak in.
  const child = spawn(process.execPath, [fixture], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** Waits until the runtime of `cwd` has its record and answers `/healthz` on its socket. */
export async function waitForRuntime(cwd: string, fixtureProcess: FixtureProcess, timeoutMs = 20_000): Promise<RuntimeRecord> {
  const paths = runtimePaths('.oneiric_cache', cwd);
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void fixtureProcess.exited.then((code) => { exitCode = code; });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the runtime exited with ${String(exitCode)}: ${fixtureProcess.stderr()}`);
    }
    const record = await readRuntimeRecord(paths.pidFile);
    if (record !== undefined && record.pid === fixtureProcess.child.pid && existsSync(record.socket)) {
      try {
        await new ControlClient({ socketPath: record.socket, timeoutMs: 2_000 }).request('GET', '/healthz');
        return (await readRuntimeRecord(paths.pidFile)) ?? record;
      } catch {
        // Listening but not answering yet.
      }
    }
    await sleep(50);
  }
  throw new Error(`no runtime answered for ${cwd} within ${timeoutMs} ms: ${fixtureProcess.stderr()}`);
}

/** Waits for a file to hold something, and returns it. */
export async function waitForFile(file: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text !== '') {
        return text;
      }
    }
    await sleep(25);
  }
  throw new Error(`${file} stayed empty for ${timeoutMs} ms`);
}

/** Resolves with the exit code, or kills the process (by its pid) and fails after `timeoutMs`. */
export async function exitCodeWithin(fixtureProcess: FixtureProcess, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  const outcome = await Promise.race([fixtureProcess.exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    fixtureProcess.child.kill('SIGKILL');
    throw new Error(`the runtime did not exit within ${timeoutMs} ms: ${fixtureProcess.stderr()}`);
  }
  return outcome;
}

/** Kills the process if it still runs (by pid), for afterEach. */
export async function killIfRunning(fixtureProcess: FixtureProcess | undefined): Promise<void> {
  if (fixtureProcess !== undefined && fixtureProcess.child.exitCode === null && fixtureProcess.child.signalCode === null) {
    fixtureProcess.child.kill('SIGKILL');
    await fixtureProcess.exited;
  }
}
