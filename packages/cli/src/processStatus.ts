// `oneiric process-status`: whether a runtime runs for the cache directory, from its PID record and socket.
import { ControlClient, isProcessAlive, readRuntimeRecord, runtimePaths } from '@oneiric/runtime/client';
import type { CliIo } from './cliIo.js';
import { ExitCode } from './exitCode.js';

/** What `process-status --json` prints. */
export interface ProcessStatusReport {
  /** `running`, `stale` (a record whose process is gone) or `stopped` (no record). */
  readonly state: 'running' | 'stale' | 'stopped';
  /** The cache directory looked at. */
  readonly cacheDir: string;
  readonly pid?: number;
  readonly startedAt?: string;
  readonly profile?: string;
  readonly socket?: string;
  readonly http?: string;
  /** The runtime's phase and readiness, when its socket answered. */
  readonly phase?: string;
  readonly ready?: boolean;
  /** Why the socket did not answer, when it did not. */
  readonly socketError?: string;
}

const HEALTH_TIMEOUT_MS = 2_000;

/** Prints the runtime's process state; exit 0 when one runs, 1 when none does (stale record included). */
export async function processStatus(cacheDir: string, options: { readonly json: boolean }, io: CliIo): Promise<ExitCode> {
  const record = await readRuntimeRecord(runtimePaths(cacheDir, io.cwd).pidFile);
  let report: ProcessStatusReport;
  if (record === undefined) {
    report = { state: 'stopped', cacheDir };
  } else {
    const base = {
      cacheDir, pid: record.pid, startedAt: record.startedAt, profile: record.profile, socket: record.socket,
      ...(record.httpPort === undefined ? {} : { http: `${record.httpHost ?? '127.0.0.1'}:${record.httpPort}` }),
    };
    report = isProcessAlive(record.pid) ? { state: 'running', ...base, ...await healthOf(record.socket) } : { state: 'stale', ...base };
  }
  io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : textOf(report));
  return report.state === 'running' ? ExitCode.success : ExitCode.failure;
}

async function healthOf(socket: string): Promise<Pick<ProcessStatusReport, 'phase' | 'ready' | 'socketError'>> {
  try {
    const health = await new ControlClient({ socketPath: socket, timeoutMs: HEALTH_TIMEOUT_MS }).request<{ phase: string; ready: boolean }>('GET', '/v1/health');
    return { phase: health.phase, ready: health.ready };
  } catch (error) {
    return { socketError: error instanceof Error ? error.message : String(error) };
  }
}

function textOf(report: ProcessStatusReport): string {
  if (report.state === 'stopped') {
    return `No runtime is running for ${report.cacheDir}\n`;
  }
  if (report.state === 'stale') {
    return `No runtime is running for ${report.cacheDir}: the record names pid ${report.pid ?? '?'}, which is gone (the next start replaces it)\n`;
  }
  const answer = report.socketError === undefined ? `phase ${report.phase ?? '?'}, ${report.ready === true ? 'ready' : 'not ready'}` : `socket not answering: ${report.socketError}`;
  return [
    `Runtime running for ${report.cacheDir}: pid ${report.pid ?? '?'}, profile ${report.profile ?? '?'}, since ${report.startedAt ?? '?'}`,
    `  socket ${report.socket ?? '?'} (${answer})${report.http === undefined ? '' : `; http ${report.http}`}`,
    '',
  ].join('\n');
}
