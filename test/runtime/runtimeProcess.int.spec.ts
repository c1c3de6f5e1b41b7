// The runtime as a process: signals, drain under load, stale files after a crash, one runtime per cache directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { ControlClient, runtimePaths } from '@oneiric/runtime/client';
import { buildRuntimePackage, exitCodeWithin, killIfRunning, spawnFixture, waitForFile, waitForRuntime, type FixtureProcess } from './runtimeProcessHarness.js';

jest.setTimeout(120_000);

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, text: await response.text() };
}

describe('runtime process', () => {
  let cwd = '';
  const running: FixtureProcess[] = [];

  beforeAll(async () => {
    await buildRuntimePackage();
  });

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-process-'));
    mkdirSync(path.join(cwd, 'settings'));
    writeFileSync(path.join(cwd, 'settings', 'oneiric.yaml'), 'logging:\n  level: error\n');
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((fixtureProcess) => killIfRunning(fixtureProcess)));
    rmSync(cwd, { recursive: true, force: true });
  });

  function start(env: Readonly<Record<string, string>> = {}): FixtureProcess {
    const fixtureProcess = spawnFixture(cwd, env);
    running.push(fixtureProcess);
    return fixtureProcess;
  }

  describe('given SIGTERM while 64 callers wait on the application', () => {
    it('answers every caller, cleans each instance (three, after two swaps) once, removes its files and exits 0', async () => {
      const cleanupLog = path.join(cwd, 'cleanups.log');
      const portFile = path.join(cwd, 'app.port');
      const runtimeProcess = start({ WORK_MS: '600', CLEANUP_LOG: cleanupLog, APP_PORT_FILE: portFile });
      const record = await waitForRuntime(cwd, runtimeProcess);
      const appUrl = `http://127.0.0.1:${await waitForFile(portFile)}`;
      // Two swaps first, so three instances have lived: each must be cleaned exactly once.
      const control = new ControlClient({ socketPath: record.socket, timeoutMs: 15_000 });
      await control.request('POST', '/v1/swap', { domain: 'adapter', key: 'work', provider: 'fast' });
      await control.request('POST', '/v1/swap', { domain: 'adapter', key: 'work', provider: 'slow' });

      const callers = Array.from({ length: 64 }, () => get(`${appUrl}/work`));
      while (Number((await get(`${appUrl}/inflight`)).text) < 64) {
        await sleep(10);
      }
      runtimeProcess.child.kill('SIGTERM');
      const answers = await Promise.all(callers);

      expect(answers.filter((answer) => answer.status !== 200 || answer.text !== 'slow ok')).toEqual([]);
      expect(await exitCodeWithin(runtimeProcess, 30_000)).toBe(0);
      expect(readFileSync(cleanupLog, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['fast#2', 'slow#1', 'slow#3']);
      const paths = runtimePaths('.oneiric_cache', cwd);
      expect(existsSync(paths.socket)).toBe(false);
      expect(existsSync(paths.pidFile)).toBe(false);
      expect(JSON.parse(readFileSync(paths.healthFile, 'utf8'))).toMatchObject({ phase: 'stopped' });
    });
  });

  describe('given a second signal while the drain waits', () => {
    it('exits at once with code 1 and leaves no PID record behind', async () => {
      writeFileSync(path.join(cwd, 'settings', 'runtime.yaml'), 'runtime:\n  shutdown_timeout_ms: 600000\n');
      const portFile = path.join(cwd, 'app.port');
      const runtimeProcess = start({ WORK_MS: '600000', APP_PORT_FILE: portFile });
      await waitForRuntime(cwd, runtimeProcess);
      const appUrl = `http://127.0.0.1:${await waitForFile(portFile)}`;
      void get(`${appUrl}/work`).catch(() => undefined);
      while (Number((await get(`${appUrl}/inflight`)).text) < 1) {
        await sleep(10);
      }
      runtimeProcess.child.kill('SIGTERM');
      await sleep(200);
      runtimeProcess.child.kill('SIGTERM');
      expect(await exitCodeWithin(runtimeProcess, 10_000)).toBe(1);
      expect(existsSync(runtimePaths('.oneiric_cache', cwd).pidFile)).toBe(false);
    });
  });

  describe('given a runtime killed with SIGKILL', () => {
    it('a new runtime replaces the stale PID record and reuses the socket path (0600 in a 0700 directory)', async () => {
      const first = start();
      const firstRecord = await waitForRuntime(cwd, first);
      first.child.kill('SIGKILL');
      await first.exited;
      const paths = runtimePaths('.oneiric_cache', cwd);
      expect(existsSync(paths.socket)).toBe(true);
      expect(existsSync(paths.pidFile)).toBe(true);

      const second = start();
      const secondRecord = await waitForRuntime(cwd, second);
      expect(secondRecord.pid).toBe(second.child.pid);
      expect(secondRecord.socket).toBe(firstRecord.socket);
      expect(modeOf(paths.directory)).toBe(0o700);
      expect(modeOf(paths.socket)).toBe(0o600);
      expect(modeOf(paths.pidFile)).toBe(0o600);
      second.child.kill('SIGTERM');
      expect(await exitCodeWithin(second, 30_000)).toBe(0);
    });
  });

  describe('given a runtime already running for the cache directory', () => {
    it('refuses a second one with alreadyRunning, and the first keeps serving', async () => {
      const first = start();
      const record = await waitForRuntime(cwd, first);
      const second = start();
      expect(await exitCodeWithin(second, 30_000)).toBe(1);
      expect(second.stderr()).toContain(`start failed (alreadyRunning): a runtime (pid ${record.pid}, socket ${record.socket}) is already running`);
      expect((await waitForRuntime(cwd, first)).pid).toBe(record.pid);
    });
  });

  describe('given two runtimes started at once over a stale record', () => {
    it('exactly one runs; the other exits 1 with alreadyRunning', async () => {
      const paths = runtimePaths('.oneiric_cache', cwd);
      const exited = spawnSync(process.execPath, ['-e', '0']).pid;
      mkdirSync(paths.directory, { recursive: true, mode: 0o700 });
      writeFileSync(paths.pidFile, JSON.stringify({ pid: exited, startedAt: '2020-01-01T00:00:00.000Z', socket: paths.socket, profile: 'default' }));
      const contenders = [start(), start()];
      const firstExit = await Promise.race(contenders.map((contender) => contender.exited.then(() => contender)));
      expect(await firstExit.exited).toBe(1);
      expect(firstExit.stderr()).toContain('start failed (alreadyRunning)');
      const winner = contenders.find((contender) => contender !== firstExit) as FixtureProcess;
      expect((await waitForRuntime(cwd, winner)).pid).toBe(winner.child.pid);
    });
  });

  describe('with the serverless profile', () => {
    it('boots with HTTP on $PORT: /healthz and /readyz answer 200', async () => {
      const port = await freePort();
      const runtimeProcess = start({ ONEIRIC_PROFILE: 'serverless', PORT: String(port) });
      const record = await waitForRuntime(cwd, runtimeProcess);
      expect(record).toMatchObject({ profile: 'serverless', httpPort: port });
      expect((await get(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await get(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      runtimeProcess.child.kill('SIGTERM');
      expect(await exitCodeWithin(runtimeProcess, 30_000)).toBe(0);
    });
  });

  describe('with logging settings', () => {
    it('writes JSON lines at the configured level to the configured file', async () => {
      writeFileSync(path.join(cwd, 'settings', 'oneiric.yaml'), 'logging:\n  level: info\n  json: true\n  sinks: [file]\n  file_path: logs/runtime.log\n');
      const runtimeProcess = start();
      await waitForRuntime(cwd, runtimeProcess);
      runtimeProcess.child.kill('SIGTERM');
      expect(await exitCodeWithin(runtimeProcess, 30_000)).toBe(0);
      const lines = readFileSync(path.join(cwd, 'logs', 'runtime.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { level: string; message: string });
      expect(lines.map((line) => line.message)).toEqual(expect.arrayContaining(['runtime running', 'runtime stopped']));
      expect(lines.every((line) => ['info', 'warn', 'error'].includes(line.level))).toBe(true);
    });
  });
});
