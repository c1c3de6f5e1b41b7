/** The PID record a running runtime writes, and how a client finds a live one. */
import { readFile } from 'node:fs/promises';
import { runtimePaths } from './runtimePaths.js';

/** What `<cache_dir>/runtime/runtime.pid` holds while a runtime runs. */
export interface RuntimeRecord {
  /** Process id of the runtime. */
  readonly pid: number;
  /** When it started (ISO 8601). */
  readonly startedAt: string;
  /** Absolute path of its control socket. */
  readonly socket: string;
  /** The profile it runs. */
  readonly profile: string;
  /** The TCP port of its HTTP listener, when it has one. */
  readonly httpPort?: number;
  /** The host of its HTTP listener, when it has one. */
  readonly httpHost?: string;
}

/**
 * The record of the runtime running for `cacheDir`, or undefined when there is no record or its
 * process is gone (a record left by a killed runtime is stale, not a runtime).
 */
export async function findRuntime(cacheDir: string, cwd: string = process.cwd()): Promise<RuntimeRecord | undefined> {
  const record = await readRuntimeRecord(runtimePaths(cacheDir, cwd).pidFile);
  return record !== undefined && isProcessAlive(record.pid) ? record : undefined;
}

/** The record in `pidFile`, or undefined when it is missing or not a record. */
export async function readRuntimeRecord(pidFile: string): Promise<RuntimeRecord | undefined> {
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<RuntimeRecord>;
    return Number.isInteger(parsed.pid) && typeof parsed.socket === 'string' ? (parsed as RuntimeRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id exists (signal 0 probes without signalling). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still makes the record live.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
