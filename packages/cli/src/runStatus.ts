// The `status` command: per key, lifecycle state from the status file next to what precedence says now.
import { type Domain, type KeyState, type Oneiric } from '@oneiric/core';
import { ExitCode } from './exitCode.js';
import { swapLatencySummary, type SwapLatencySummary } from './swapLatencySummary.js';

/** Options of the `status` command. */
export interface StatusCommandOptions {
  /** Domain to report. */
  readonly domain: Domain;
  /** Only this key. */
  readonly key?: string;
  /** Print JSON. */
  readonly json: boolean;
}

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
}

/** Reports the keys of a domain: registered, selected, or present in the status file. */
export async function runStatus(app: Oneiric, options: StatusCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const { domain } = options;
  await app.reloadStatuses();
  const recorded = app.statuses().filter((status) => status.domain === domain);
  const keys = new Set([
    ...app.keys(domain),
    ...Object.keys(app.selections(domain)),
    ...recorded.map((status) => status.key),
  ]);
  const selected = [...keys].filter((key) => options.key === undefined || key === options.key).sort();
  const statuses = selected.map((key) => app.status(domain, key));
  const report: StatusReport = {
    domain,
    statusFile: app.statusFile ?? null,
    keys: statuses.map((status) => ({
      key: status.key,
      state: status.state,
      provider: status.currentProvider,
      winner: app.resolve(domain, status.key)?.provider ?? null,
      selection: app.selection(domain, status.key) ?? null,
      shadowed: Math.max(0, app.candidates(domain, status.key).length - 1),
      lastError: status.lastError,
      successfulSwaps: status.successfulSwaps,
      failedSwaps: status.failedSwaps,
    })),
    swapLatency: swapLatencySummary(statuses),
  };
  stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatusText(report));
  return ExitCode.success;
}

function formatStatusText(report: StatusReport): string {
  const latency = report.swapLatency;
  const lines = [`Domain: ${report.domain}`];
  lines.push(latency.samples === 0
    ? 'Swap latency: no samples recorded yet.'
    : `Swap latency (last ${latency.samples}): p50=${latency.p50Ms}ms p95=${latency.p95Ms}ms p99=${latency.p99Ms}ms success_rate=${latency.successRatePercent ?? 0}%`);
  if (report.keys.length === 0) {
    lines.push('  (no keys)');
  }
  for (const key of report.keys) {
    lines.push(`- ${key.key}: state=${key.state} provider=${key.provider ?? 'none'} winner=${key.winner ?? 'none'} selection=${key.selection ?? 'auto'} shadowed=${key.shadowed}`);
    if (key.lastError !== null) {
      lines.push(`    last error: ${key.lastError}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
