// The `status` command: per key, lifecycle state from the status file next to what precedence says now.
import type { Domain, Oneiric } from '@oneiric/core';
import { ExitCode } from './exitCode.js';
import { formatStatusText, type StatusReport } from './statusReport.js';
import { swapLatencySummary } from './swapLatencySummary.js';

export type { KeyStatusReport, StatusReport } from './statusReport.js';

/** Options of the `status` command. */
export interface StatusCommandOptions {
  /** Domain to report. */
  readonly domain: Domain;
  /** Only this key. */
  readonly key?: string;
  /** Print JSON. */
  readonly json: boolean;
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
