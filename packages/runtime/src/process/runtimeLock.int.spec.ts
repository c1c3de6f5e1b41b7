// The PID record as a lock, on real files, with a real process that has exited.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '@oneiric/core';
import { runtimePaths, type RuntimePaths } from '../client/runtimePaths.js';
import { acquireRuntimeLock, releaseRuntimeLock } from './runtimeLock.js';

describe('acquireRuntimeLock', () => {
  let cwd = '';
  let paths: RuntimePaths;
  const logger = createSilentLogger();

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-lock-'));
    paths = runtimePaths('.oneiric_cache', cwd);
  });

  afterEach(async () => {
    await releaseRuntimeLock(paths);
    rmSync(cwd, { recursive: true, force: true });
  });

  function record(pid: number): { pid: number; startedAt: string; socket: string; profile: string } {
    return { pid, startedAt: new Date().toISOString(), socket: paths.socket, profile: 'default' };
  }

  it('creates the directory 0700 (fixing a looser existing one) and the record 0600', async () => {
    mkdirSync(paths.directory, { recursive: true, mode: 0o755 });
    await acquireRuntimeLock(paths, record(process.pid), logger);
    expect(statSync(paths.directory).mode & 0o777).toBe(0o700);
    expect(statSync(paths.pidFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(paths.pidFile, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('replaces the record of a process that has exited', async () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    mkdirSync(paths.directory, { recursive: true });
    writeFileSync(paths.pidFile, JSON.stringify(record(exited)));
    await acquireRuntimeLock(paths, record(process.pid), logger);
    expect(JSON.parse(readFileSync(paths.pidFile, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('replaces a record holding this process\'s pid that this process did not write (a restarted container)', async () => {
    mkdirSync(paths.directory, { recursive: true });
    writeFileSync(paths.pidFile, JSON.stringify({ ...record(process.pid), startedAt: '2020-01-01T00:00:00.000Z' }));
    await acquireRuntimeLock(paths, record(process.pid), logger);
    expect(JSON.parse(readFileSync(paths.pidFile, 'utf8'))).not.toMatchObject({ startedAt: '2020-01-01T00:00:00.000Z' });
  });

  it('refuses to remove a file that is not a socket where the stale socket should be', async () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    mkdirSync(paths.directory, { recursive: true });
    writeFileSync(paths.pidFile, JSON.stringify(record(exited)));
    writeFileSync(paths.socket, 'not a socket');
    await expect(acquireRuntimeLock(paths, record(process.pid), logger)).rejects.toMatchObject({ kind: 'socketPathTaken' });
    expect(existsSync(paths.socket)).toBe(true);
  });

  it('lets exactly one of two concurrent acquisitions in this process win', async () => {
    const outcomes = await Promise.allSettled([
      acquireRuntimeLock(paths, record(process.pid), logger),
      acquireRuntimeLock(paths, record(process.pid), logger),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { kind: 'alreadyRunning' } });
  });
});
