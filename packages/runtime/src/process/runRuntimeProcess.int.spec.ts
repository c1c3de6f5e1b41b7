// runRuntimeProcess in this process: what a caller (the CLI's orchestrate) is left with.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runRuntimeProcess } from './runRuntimeProcess.js';

describe('runRuntimeProcess', () => {
  let cwd = '';

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-run-runtime-'));
  });

  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  it('starts a runtime with signal handlers, and a second one for the same cache directory is refused, its handlers removed', async () => {
    const exits: number[] = [];
    const termBefore = process.listeners('SIGTERM');
    const intBefore = process.listeners('SIGINT');
    const listenersBefore = termBefore.length;
    const running = await runRuntimeProcess({ cwd, env: {}, config: { logging: { level: 'error' } }, exit: (code) => { exits.push(code); } });
    try {
      expect(running.phase).toBe('running');
      expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);
      await expect(runRuntimeProcess({ cwd, env: {}, config: { logging: { level: 'error' } } })).rejects.toMatchObject({ kind: 'alreadyRunning' });
      expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);
      expect(JSON.parse(readFileSync(running.paths.pidFile, 'utf8'))).toMatchObject({ pid: process.pid });
      process.emit('SIGTERM', 'SIGTERM');
      await new Promise<void>((resolve) => { const check = (): void => { if (exits.length > 0) { resolve(); } else { setTimeout(check, 10); } }; check(); });
      expect(exits).toEqual([0]);
      expect(running.phase).toBe('stopped');
    } finally {
      await running.stop();
      // Only the handlers this test installed: the test runner may have its own.
      process.listeners('SIGTERM').filter((listener) => !termBefore.includes(listener)).forEach((listener) => process.off('SIGTERM', listener));
      process.listeners('SIGINT').filter((listener) => !intBefore.includes(listener)).forEach((listener) => process.off('SIGINT', listener));
    }
  });
});
