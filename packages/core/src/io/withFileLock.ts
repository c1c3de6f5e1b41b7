/** The one cross-process file lock of Oneiric: an exclusive lock file beside the file it guards. */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OneiricLogger } from '../logging/createLogger.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** How long to wait for a lock another process holds, in milliseconds. */
  readonly timeoutMs: number;
  /** Age past which a lock whose owner cannot be checked counts as abandoned, in milliseconds. */
  readonly staleMs: number;
  /** The error thrown when the wait times out (callers give their own typed error). */
  readonly timeoutError: () => Error;
  /** Where a take-over of an abandoned lock is reported. */
  readonly logger?: OneiricLogger;
}

/**
 * Runs `work` while holding `<file>.lock`, created exclusively (`wx`, 0600) with this process's
 * pid in it. A lock whose process is gone, or older than `staleMs`, is taken over; two processes
 * recovering at once cannot both remove it (the take-over renames before removing).
 * @throws whatever `timeoutError` returns when the lock stays held past `timeoutMs`
 */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: FileLockOptions): Promise<T> {
  const lock = `${file}.lock`;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; !(await tryCreateLock(lock)); attempt += 1) {
    if (await takeOverStaleLock(lock, options)) {
      continue;
    }
    if (Date.now() >= deadline) {
      throw options.timeoutError();
    }
    await sleep(Math.min(50, 2 + attempt) * (0.5 + Math.random()));
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

async function tryCreateLock(lock: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx', 0o600);
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    return false;
  }
}

// True when the lock is gone or was taken over (try again at once), false when it is held.
async function takeOverStaleLock(lock: string, options: FileLockOptions): Promise<boolean> {
  let owner: string;
  let modifiedMs: number;
  try {
    [owner, modifiedMs] = await Promise.all([readFile(lock, 'utf8'), stat(lock).then((stats) => stats.mtimeMs)]);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
  const pid = Number.parseInt(owner, 10);
  // An empty file is a lock being created right now: only its age can make it stale.
  const isOwnerGone = Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid);
  if (!isOwnerGone && Date.now() - modifiedMs <= options.staleMs) {
    return false;
  }
  // Claim by renaming, so that two processes recovering at once do not both remove a lock.
  const claimed = `${lock}.${randomUUID()}.stale`;
  try {
    await rename(lock, claimed);
  } catch {
    return true;
  }
  const claimedOwner = await readFile(claimed, 'utf8').catch(() => owner);
  if (claimedOwner !== owner) {
    // Another process replaced the stale lock in between: give its lock back unless a newer one exists.
    await link(claimed, lock).catch(() => undefined);
  } else {
    options.logger?.warn('lock of a stopped process taken over', { file: lock, pid: owner.trim() });
  }
  await rm(claimed, { force: true });
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
