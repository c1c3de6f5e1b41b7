// The commands that change live state, sent to a running runtime (swap is in runSwap.ts): pause, drain, remote-sync, event emit, workflow run, action invoke, secrets rotate.
import type { Domain } from '@oneiric/core';
import type { ActivityState, HandlerResult, WorkflowRunResult } from '@oneiric/domains';
import type { RemoteStatus, SyncResult } from '@oneiric/remote';
import type { ControlClient } from '@oneiric/runtime/client';
import { activityChangeText } from './activityChangeText.js';
import { ExitCode } from './exitCode.js';
import { remoteStatusText } from './remoteStatusText.js';
import { printActionResult, type ActionInvokeReport } from './runActionInvoke.js';
import { printEventResults } from './runEventEmit.js';
import { printWorkflowRun } from './runWorkflowRun.js';
import { syncResultText } from './syncResultText.js';

type Output = { write(chunk: string): unknown };

/** `pause`/`drain` (and their undo) in the runtime: applied there at once, and shared through its activity file. */
export async function activityViaRuntimeChange(client: ControlClient, change: 'pause' | 'drain', options: { readonly domain: Domain; readonly key: string; readonly note?: string; readonly undo: boolean; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const flag = change === 'pause' ? { paused: !options.undo } : { draining: !options.undo };
  const state = await client.request<ActivityState & { domain: Domain; key: string }>('POST', `/v1/${change}`, {
    domain: options.domain, key: options.key, ...flag, ...(options.note === undefined ? {} : { note: options.note }),
  });
  stdout.write(options.json ? `${JSON.stringify(state, null, 2)}\n` : activityChangeText(change, options.undo, `${options.domain}:${options.key}`, state));
  return ExitCode.success;
}

/** `remote-sync` in the runtime (which falls back to its cached manifest when the server is down). */
export async function remoteSyncViaRuntime(client: ControlClient, options: { readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const result = await client.request<SyncResult>('POST', '/v1/remote/sync');
  stdout.write(syncResultText(result, options.json));
  return ExitCode.success;
}

/** `remote-status` of the runtime. */
export async function remoteStatusViaRuntime(client: ControlClient, options: { readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const answer = await client.request<{ configured: boolean; status: RemoteStatus | null }>('GET', '/v1/remote/status');
  if (options.json) {
    stdout.write(`${JSON.stringify(answer)}\n`);
  } else {
    stdout.write(answer.status === null ? 'Remote manifests are not configured in the runtime.\n' : remoteStatusText(answer.status, '(the runtime\'s remote.manifest_url)'));
  }
  return ExitCode.success;
}

/** `event emit` through the runtime's event bridge; exit 1 when a handler failed. */
export async function eventEmitViaRuntime(client: ControlClient, options: { readonly topic: string; readonly payload: unknown; readonly headers: object; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const answer = await client.request<{ topic: string; results: HandlerResult[] }>('POST', '/v1/events', { topic: options.topic, payload: options.payload, headers: options.headers });
  return printEventResults(answer.topic, answer.results, options.json, stdout);
}

/** `workflow run` in the runtime (it refuses `--resume` with nothing checkpointed). */
export async function workflowRunViaRuntime(client: ControlClient, options: { readonly key: string; readonly resume: boolean; readonly version?: string; readonly context?: unknown; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const result = await client.request<WorkflowRunResult>('POST', `/v1/workflows/${encodeURIComponent(options.key)}/runs`, {
    resume: options.resume,
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.context === undefined ? {} : { input: options.context }),
  });
  return printWorkflowRun(result, options, stdout);
}

/** `workflow enqueue` in the runtime: the run goes to the queue adapter for a queue worker. */
export async function workflowEnqueueViaRuntime(client: ControlClient, options: { readonly key: string; readonly version?: string; readonly context?: unknown; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const answer = await client.request<{ key: string; messageId: string }>('POST', `/v1/workflows/${encodeURIComponent(options.key)}/enqueue`, {
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.context === undefined ? {} : { input: options.context }),
  });
  stdout.write(options.json ? `${JSON.stringify(answer)}\n` : `Enqueued a run of workflow ${answer.key} (message ${answer.messageId})\n`);
  return ExitCode.success;
}

/** `action invoke` in the runtime. */
export async function actionInvokeViaRuntime(client: ControlClient, options: { readonly key: string; readonly payload: unknown; readonly provider?: string; readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const report = await client.request<ActionInvokeReport>('POST', `/v1/actions/${encodeURIComponent(options.key)}/invoke`, {
    payload: options.payload, ...(options.provider === undefined ? {} : { provider: options.provider }),
  });
  return printActionResult(report, options.json, stdout);
}

/** `secrets rotate` in the runtime: its cached secrets are dropped and fetched again. */
export async function secretsRotateViaRuntime(client: ControlClient, options: { readonly json: boolean }, stdout: Output): Promise<ExitCode> {
  const answer = await client.request<{ rotated: string[] }>('POST', '/v1/secrets/rotate');
  stdout.write(options.json ? `${JSON.stringify(answer)}\n` : `Rotated ${answer.rotated.length} secret${answer.rotated.length === 1 ? '' : 's'}${answer.rotated.length === 0 ? '' : `: ${answer.rotated.join(', ')}`}\n`);
  return ExitCode.success;
}
