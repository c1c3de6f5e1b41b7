// The read-only commands answered by a running runtime: list, explain, activity, plugins (status and health: runtimeStatusReads.ts).
import type { Domain } from '@oneiric/core';
import type { ControlClient } from '@oneiric/runtime/client';
import { activityTotals, formatActivityText, type ActivityReport } from './activityReport.js';
import { ExitCode } from './exitCode.js';
import { explanationReport } from './explanationReport.js';
import { formatExplanationText } from './formatExplanationText.js';
import { formatListText } from './formatListText.js';
import type { ListEntry } from './listEntry.js';
import type { ExplainAnswer, KeyCandidateAnswer, KeysAnswer } from './runtimeAnswers.js';
import type { ListReport } from './runList.js';

type Output = { write(chunk: string): unknown };

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** `list` from the runtime: its registry, `selected` as in the files' answer, plus `live`. */
export async function listViaRuntime(client: ControlClient, options: { readonly domain: Domain; readonly shadowed: boolean; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const answer = await client.request<KeysAnswer>('GET', `/v1/keys?domain=${encodeURIComponent(options.domain)}`);
  const active = answer.active.map(listEntryOf);
  const shadowed = options.shadowed ? answer.shadowed.map(listEntryOf) : undefined;
  const report: ListReport = { domain: options.domain, active, ...(shadowed === undefined ? {} : { shadowed }) };
  stdout.write(options.json ? json(report) : formatListText(options.domain, active, shadowed));
  return ExitCode.success;
}

function listEntryOf(candidate: KeyCandidateAnswer): ListEntry {
  return {
    key: candidate.key, provider: candidate.provider, priority: candidate.priority, stackLevel: candidate.stackLevel,
    source: candidate.source, capabilities: [...candidate.capabilities],
    ...(candidate.description === undefined ? {} : { description: candidate.description }),
    selected: candidate.namedBySelection, live: candidate.live,
  };
}

/** `explain` from the runtime (its unknown-key refusal is the error reported). */
export async function explainViaRuntime(client: ControlClient, options: { readonly domain: Domain; readonly key: string; readonly capabilities: readonly string[]; readonly requireAll: boolean; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const query = new URLSearchParams({ domain: options.domain, key: options.key, requireAll: String(options.requireAll) });
  if (options.capabilities.length > 0) {
    query.set('capabilities', options.capabilities.join(','));
  }
  const { live, ...explanation } = await client.request<ExplainAnswer>('GET', `/v1/explain?${query.toString()}`);
  const report = explanationReport(explanation);
  stdout.write(options.json ? json({ ...report, live }) : `${formatExplanationText(report)}Live: ${live ?? 'none'}\n`);
  return ExitCode.success;
}

/** `activity` from the runtime's activity store. */
export async function activityViaRuntime(client: ControlClient, options: { readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const answer = await client.request<ActivityReport>('GET', '/v1/activity');
  stdout.write(options.json ? json({ keys: answer.keys, totals: activityTotals(answer.keys) }) : formatActivityText(answer.keys));
  return ExitCode.success;
}

/** `plugins` from the runtime: what discovery loaded, registered and failed. */
export async function pluginsViaRuntime(client: ControlClient, options: { readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const report = await client.request<PluginsAnswer>('GET', '/v1/plugins');
  stdout.write(options.json ? json(report) : pluginsText(report));
  return ExitCode.success;
}

/** `GET /v1/plugins` (the runtime's plugin report). */
export interface PluginsAnswer {
  readonly enabled: boolean;
  readonly plugins: readonly { readonly packageName: string; readonly module: string; readonly loaded: boolean; readonly candidates: readonly string[]; readonly error?: { readonly kind: string; readonly message: string } }[];
}

/** The text of `plugins`: one line per package, loaded or why not. */
export function pluginsText(report: PluginsAnswer): string {
  if (!report.enabled) {
    return 'Plugin discovery is off (plugins.auto_load false and no plugins.packages).\n';
  }
  if (report.plugins.length === 0) {
    return 'No plugin packages found among the dependencies.\n';
  }
  return `${report.plugins.map((plugin) => (plugin.loaded
    ? `${plugin.packageName} (${plugin.module}): loaded, ${plugin.candidates.length} candidate${plugin.candidates.length === 1 ? '' : 's'}${plugin.candidates.length === 0 ? '' : `: ${plugin.candidates.join(', ')}`}`
    : `${plugin.packageName} (${plugin.module}): FAILED ${plugin.error?.kind ?? 'error'}: ${plugin.error?.message ?? ''}`)).join('\n')}\n`;
}
