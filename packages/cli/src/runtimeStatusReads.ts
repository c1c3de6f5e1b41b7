// `status` and `health` answered by a running runtime (apart from the other reads: the light path loads only these).
import type { Domain } from '@oneiric/core';
import type { ControlClient } from '@oneiric/runtime/client';
import { ExitCode } from './exitCode.js';
import type { HealthAnswer, StatusAnswer } from './runtimeAnswers.js';
import { formatStatusText, type StatusReport } from './statusReport.js';
import { swapLatencySummary } from './swapLatencySummary.js';

type Output = { write(chunk: string): unknown };

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** `status` from the runtime: the same report as from the files, with the runtime and its live facts. */
export async function statusViaRuntime(client: ControlClient, options: { readonly domain: Domain; readonly key?: string; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const query = new URLSearchParams({ domain: options.domain, ...(options.key === undefined ? {} : { key: options.key }) });
  const answer = await client.request<StatusAnswer>('GET', `/v1/status?${query.toString()}`);
  const { pid, profile, phase, ready } = answer.runtime;
  const report: StatusReport = {
    domain: options.domain,
    statusFile: null,
    keys: answer.keys.map((status) => ({
      key: status.key, state: status.state, provider: status.currentProvider, winner: status.winner, selection: status.selection,
      shadowed: status.shadowed, lastError: status.lastError, successfulSwaps: status.successfulSwaps, failedSwaps: status.failedSwaps,
      paused: status.paused, draining: status.draining, note: status.note, inFlight: status.inFlight, breaker: status.breaker,
    })),
    swapLatency: swapLatencySummary(answer.keys),
    runtime: { pid, profile, phase, ready },
  };
  stdout.write(options.json ? json(report) : formatStatusText(report));
  return ExitCode.success;
}

/**
 * `health` from the runtime's snapshot; exit 1 when a reported key is failed or unhealthy (a
 * provider forced past a failing health check included).
 */
export async function healthViaRuntime(client: ControlClient, options: { readonly domain?: Domain; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const snapshot = await client.request<HealthAnswer>('GET', '/v1/health');
  const keys = snapshot.keys.filter((entry) => options.domain === undefined || entry.domain === options.domain);
  if (options.json) {
    stdout.write(json({ ...snapshot, keys }));
  } else {
    const lines = [`Runtime: pid ${snapshot.pid} profile=${snapshot.profile} phase=${snapshot.phase} ready=${snapshot.ready ? 'yes' : 'no'}`];
    lines.push(...keys.map((entry) => {
      const flags = [entry.paused ? ' paused' : '', entry.draining ? ' draining' : '', entry.breaker === undefined ? '' : ` breaker=${entry.breaker}`].join('');
      return `${entry.domain}:${entry.key} state=${entry.state} provider=${entry.provider ?? 'none'} healthy=${entry.healthy === null ? 'unknown' : entry.healthy ? 'yes' : 'NO'}${flags}`;
    }));
    stdout.write(`${lines.join('\n')}\n`);
  }
  return keys.some((entry) => entry.state === 'failed' || entry.healthy === false) ? ExitCode.failure : ExitCode.success;
}
