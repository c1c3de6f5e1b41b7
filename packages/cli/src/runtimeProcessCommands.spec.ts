// In-process tests of stop, start and process-status around a PID record, with a real process that ignores SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const cli = runInProcess('oneiric-cli-process-');

let stubborn: ChildProcess | undefined;

afterEach(() => {
  if (stubborn?.exitCode === null && stubborn.signalCode === null) {
    stubborn.kill('SIGKILL');
  }
  stubborn = undefined;
});

function run(...argv: string[]): Promise<RunResult> {
  return cli.run(argv, { env: { ONEIRIC_CACHE_DIR: path.join(cli.workDir, 'cache') } });
}

// A process that ignores SIGTERM, as a runtime stuck in its shutdown would.
async function startStubbornProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);"], { stdio: ['ignore', 'pipe', 'ignore'] });
  stubborn = child;
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return child.pid!;
}

function writeRecord(pid: number): void {
  const directory = path.join(cli.workDir, 'cache', 'runtime');
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'runtime.pid'), JSON.stringify({ pid, startedAt: new Date().toISOString(), socket: path.join(directory, 'control.sock'), profile: 'default' }));
}

describe('oneiric stop', () => {
  it('sends SIGKILL once --timeout passes without the process exiting', async () => {
    const pid = await startStubbornProcess();
    writeRecord(pid);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => stubborn!.once('exit', (_code, signal) => resolve(signal)));

    const result = await run('stop', '--timeout', '300', '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ stopped: true, pid, signal: 'SIGKILL' });
    expect(await exited).toBe('SIGKILL');
  });

  it('succeeds with a note when no runtime runs', async () => {
    const result = await run('stop');

    expect(result).toEqual({ code: 0, stdout: '', stderr: `oneiric: note: no runtime is running for ${path.join(cli.workDir, 'cache')}\n` });
  });
});

describe('oneiric process-status', () => {
  it('exits 1 and says so when nothing runs', async () => {
    const result = await run('process-status', '--json');

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ state: 'stopped', cacheDir: path.join(cli.workDir, 'cache') });
  });

  it('reports a record whose process is gone as stale', async () => {
    const pid = await startStubbornProcess();
    stubborn!.kill('SIGKILL');
    await new Promise((resolve) => stubborn!.once('exit', resolve));
    writeRecord(pid);

    const result = await run('process-status');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`the record names pid ${pid}, which is gone`);
  });
});

describe('oneiric start', () => {
  it('refuses when a runtime already runs for the cache directory', async () => {
    const pid = await startStubbornProcess();
    writeRecord(pid);

    const result = await run('start', '--json');

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'CommandError', kind: 'runtimeAlreadyRunning', context: { pid: String(pid) } } });
  });
});
