import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withFileLock } from './withFileLock.js';

class LockedError extends Error {
  public readonly kind = 'locked';
}

describe('withFileLock', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'oneiric-lock-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });
  const options = { timeoutMs: 2_000, staleMs: 60_000, timeoutError: () => new LockedError('locked') };

  it('runs holders one at a time, so read-modify-write cycles lose no update', async () => {
    const file = path.join(dir, 'counter');
    await writeFile(file, '0');
    await Promise.all(Array.from({ length: 20 }, () => withFileLock(file, async () => {
      const value = Number(await readFile(file, 'utf8'));
      await new Promise((resolve) => setTimeout(resolve, 1));
      await writeFile(file, String(value + 1));
    }, options)));
    expect(await readFile(file, 'utf8')).toBe('20');
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const file = path.join(dir, 'state');
    // A pid far above any pid_max: no such process.
    await writeFile(`${file}.lock`, '2147483646\n');
    await expect(withFileLock(file, async () => 'ran', options)).resolves.toBe('ran');
  });

  // The caller's typed error, not a generic one: the activity store throws activityStoreLocked.
  it('throws the caller\'s error when a live holder keeps the lock past the time limit', async () => {
    const file = path.join(dir, 'state');
    await writeFile(`${file}.lock`, `${process.pid}\n`);
    await expect(withFileLock(file, async () => 'ran', { ...options, timeoutMs: 100 })).rejects.toBeInstanceOf(LockedError);
  });
});
