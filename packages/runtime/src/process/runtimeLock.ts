/** The PID record as a lock: one runtime per cache directory, a stale record replaced. */
import { chmodSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { chmod, lstat, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OneiricLogger } from '@oneiric/core';
import { writeFileAtomic } from '@oneiric/core/internal';
import { isProcessAlive, readRuntimeRecord, type RuntimeRecord } from '../client/runtimeRecord.js';
import type { RuntimePaths } from '../client/runtimePaths.js';
import { RuntimeError, RuntimeErrorKind } from '../runtime/runtimeError.js';

// A record younger than this and not yet readable is probably being written by a runtime starting now.
const FRESH_RECORD_MS = 2_000;
const ATTEMPTS = 20;
const RETRY_DELAY_MS = 100;
// Long enough for a competitor that read the same stale record to have removed it and written its own.
const VERIFY_DELAY_MS = 50;

// PID files this process holds or is creating right now: a second runtime in the same process
// sees its own pid in the record, and must tell it from a record an earlier process left.
const claimsByPidFile = new Map<string, number>();

function claim(pidFile: string, change: 1 | -1): void {
  const claims = (claimsByPidFile.get(pidFile) ?? 0) + change;
  if (claims > 0) {
    claimsByPidFile.set(pidFile, claims);
  } else {
    claimsByPidFile.delete(pidFile);
  }
}

/** Creates the runtime directory (0700) and fixes its mode when it already existed. */
export async function ensureRuntimeDirectory(paths: RuntimePaths): Promise<void> {
  await mkdir(paths.directory, { recursive: true, mode: 0o700 });
  await chmod(paths.directory, 0o700);
}

/**
 * Writes `record` to the PID file if no live runtime owns it. The file is created exclusively
 * (`wx`), so of two runtimes starting at once exactly one wins. A record whose process is gone
 * (or is this very process id, as after a container restart) is stale: it and the socket it
 * names are removed and the attempt repeated.
 * @throws RuntimeError `alreadyRunning` naming the live runtime's pid and socket
 */
export async function acquireRuntimeLock(paths: RuntimePaths, record: RuntimeRecord, logger: OneiricLogger): Promise<void> {
  await ensureRuntimeDirectory(paths);
  let replacedStale = false;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    // Claimed before the file exists, so a concurrent attempt here never takes it for stale.
    claim(paths.pidFile, 1);
    if (await createExclusively(paths.pidFile, `${JSON.stringify(record)}\n`)) {
      // After replacing a stale record, another process that judged the same record stale may
      // have removed ours and written its own: then that one runs, and the next round says so.
      if (!replacedStale || await isStillOurs(paths.pidFile, record)) {
        return;
      }
    }
    claim(paths.pidFile, -1);
    const existing = await readRuntimeRecord(paths.pidFile);
    if (existing !== undefined && isLive(existing.pid, paths.pidFile)) {
      throw new RuntimeError(
        RuntimeErrorKind.alreadyRunning,
        `a runtime (pid ${existing.pid}, socket ${existing.socket}) is already running for ${paths.directory}; stop it with \`oneiric stop\` or use another cache_dir`,
        { file: paths.pidFile },
      );
    }
    if (existing === undefined && await isFresh(paths.pidFile)) {
      await sleep(RETRY_DELAY_MS);
      continue;
    }
    // Remove only the record judged stale, not one another runtime wrote since it was read.
    if (!isSameRecord(existing, await readRuntimeRecord(paths.pidFile))) {
      continue;
    }
    logger.warn('replacing a stale runtime record', { file: paths.pidFile, stalePid: existing?.pid ?? null });
    await removeIfPresent(paths.pidFile);
    await removeStaleSocket(paths.socket);
    replacedStale = true;
  }
  throw new RuntimeError(RuntimeErrorKind.alreadyRunning, `could not take ${paths.pidFile}: another runtime keeps writing it`, { file: paths.pidFile });
}

async function createExclusively(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
}

async function isStillOurs(file: string, record: RuntimeRecord): Promise<boolean> {
  await sleep(VERIFY_DELAY_MS);
  return isSameRecord(record, await readRuntimeRecord(file));
}

function isSameRecord(left: RuntimeRecord | undefined, right: RuntimeRecord | undefined): boolean {
  return left?.pid === right?.pid && left?.startedAt === right?.startedAt;
}

/** Rewrites the record (atomically, 0600), e.g. once the listeners know their ports. */
export async function updateRuntimeRecord(paths: RuntimePaths, record: RuntimeRecord): Promise<void> {
  await writeFileAtomic(paths.pidFile, `${JSON.stringify(record)}\n`, 0o600);
  await chmod(paths.pidFile, 0o600);
}

/** Removes the PID file if it is this process's record. */
export async function releaseRuntimeLock(paths: RuntimePaths): Promise<void> {
  const existing = await readRuntimeRecord(paths.pidFile);
  if (existing?.pid === process.pid) {
    await removeIfPresent(paths.pidFile);
  }
  claim(paths.pidFile, -1);
}

/** The same, synchronously, for a forced exit where no promise will run again. */
export function releaseRuntimeLockSync(paths: RuntimePaths): void {
  try {
    const parsed = JSON.parse(readFileSync(paths.pidFile, 'utf8')) as { pid?: unknown };
    if (parsed.pid === process.pid) {
      unlinkSync(paths.pidFile);
      unlinkSync(paths.socket);
    }
  } catch {
    // Nothing to release: the next runtime treats whatever is left as stale.
  }
}

/**
 * Removes a control socket left by a runtime that is gone (the caller holds the lock, so no
 * live runtime listens on it). Refuses to remove anything that is not a socket.
 * @throws RuntimeError `socketPathTaken` when a file of another type is there
 */
export async function removeStaleSocket(socket: string): Promise<void> {
  let info;
  try {
    info = await lstat(socket);
  } catch {
    return;
  }
  if (!info.isSocket()) {
    throw new RuntimeError(RuntimeErrorKind.socketPathTaken, `${socket} exists and is not a socket; remove it by hand`, { file: socket });
  }
  await removeIfPresent(socket);
}

/** Creates the runtime directory synchronously (used before a logger exists). */
export function ensureRuntimeDirectorySync(paths: RuntimePaths): void {
  mkdirSync(paths.directory, { recursive: true, mode: 0o700 });
  chmodSync(paths.directory, 0o700);
}

// This process's own pid is live only when this process took the file; otherwise the record was
// left by an earlier process that had the same pid (a container restarted as pid 1).
function isLive(pid: number, pidFile: string): boolean {
  return pid === process.pid ? claimsByPidFile.has(pidFile) : isProcessAlive(pid);
}

async function isFresh(file: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs < FRESH_RECORD_MS;
  } catch {
    return false;
  }
}

async function removeIfPresent(file: string): Promise<void> {
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') {
      throw error;
    }
  });
}
