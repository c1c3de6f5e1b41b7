// The `status` report: its JSON shape and its text, shared by the in-process and the runtime paths.
import type { Domain, KeyState } from '@oneiric/core';
import type { SwapLatencySummary } from './swapLatencySummary.js';

/** One key in the `status` report. */
export interface KeyStatusReport {
  /** The key. */
  readonly key: string;
  /** Lifecycle state recorded in the status file (`unknown` when never swapped). */
  readonly state: KeyState;
  /** Provider recorded as live, or null. */
  readonly provider: string | null;
  /** Provider precedence picks now from the registered candidates, or null. */
  readonly winner: string | null;
  /** The configured selection, or null. */
  readonly selection: string | null;
  /** Registered candidates that are not the winner. */
  readonly shadowed: number;
  /** Last error recorded, or null. */
  readonly lastError: string | null;
  /** Successful swaps recorded. */
  readonly successfulSwaps: number;
  /** Failed swaps recorded. */
  readonly failedSwaps: number;
  /** From a runtime: whether the key refuses new calls. */
  readonly paused?: boolean;
  /** From a runtime: whether the key lets in-flight calls finish and refuses new ones. */
  readonly draining?: boolean;
  /** From a runtime: the pause/drain note, or null. */
  readonly note?: string | null;
  /** From a runtime: calls running on the live instance. */
  readonly inFlight?: number;
  /** From a runtime: the live provider's circuit breaker state, or null when unguarded. */
  readonly breaker?: string | null;
}

/** The runtime that answered, in a `status` report that came from one. */
export interface RuntimeSummary {
  /** Its process id. */
  readonly pid: number;
  /** The profile it runs. */
  readonly profile: string;
  /** `starting`, `running`, `stopping`... */
  readonly phase: string;
  /** Whether `/readyz` answers 200. */
  readonly ready: boolean;
}

/** The whole `status --json` document. */
export interface StatusReport {
  /** Domain reported. */
  readonly domain: Domain;
  /** Status file read, or null when statuses are not persisted. */
  readonly statusFile: string | null;
  /** Keys, sorted. */
  readonly keys: readonly KeyStatusReport[];
  /** Swap latency over the reported keys. */
  readonly swapLatency: SwapLatencySummary;
  /** The runtime that answered; absent when the report was read from the files. */
  readonly runtime?: RuntimeSummary;
}

/** The text of `oneiric status`: the latency line, then one line per key (with its last error). */
export function formatStatusText(report: StatusReport): string {
  const latency = report.swapLatency;
  const lines = report.runtime === undefined ? [] : [`Runtime: pid ${report.runtime.pid} profile=${report.runtime.profile} phase=${report.runtime.phase} ready=${report.runtime.ready ? 'yes' : 'no'}`];
  lines.push(`Domain: ${report.domain}`);
  lines.push(latency.samples === 0
    ? 'Swap latency: no samples recorded yet.'
    : `Swap latency (last ${latency.samples}): p50=${latency.p50Ms}ms p95=${latency.p95Ms}ms p99=${latency.p99Ms}ms success_rate=${latency.successRatePercent ?? 0}%`);
  if (report.keys.length === 0) {
    lines.push('  (no keys)');
  }
  for (const key of report.keys) {
    lines.push(`- ${key.key}: state=${key.state} provider=${key.provider ?? 'none'} winner=${key.winner ?? 'none'} selection=${key.selection ?? 'auto'} shadowed=${key.shadowed}${liveText(key)}`);
    if (key.lastError !== null) {
      lines.push(`    last error: ${key.lastError}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// What only a runtime knows about a key: pause/drain, calls in flight, breaker.
function liveText(key: KeyStatusReport): string {
  if (key.inFlight === undefined) {
    return '';
  }
  const flags = [key.paused === true ? ' paused' : '', key.draining === true ? ' draining' : ''].join('');
  const note = key.note === null || key.note === undefined ? '' : ` note=${key.note}`;
  return `${flags}${note} in_flight=${key.inFlight}${key.breaker === null || key.breaker === undefined ? '' : ` breaker=${key.breaker}`}`;
}
