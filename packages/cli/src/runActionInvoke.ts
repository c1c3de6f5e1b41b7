// The `action invoke` command: validates a payload against an action's payload class and executes it here.
import { performance } from 'node:perf_hooks';
import type { DomainBridges } from '@oneiric/domains';
import { ExitCode } from './exitCode.js';

/** Options of `action invoke`. */
export interface ActionInvokeOptions {
  /** The action key. */
  readonly key: string;
  /** The parsed `--payload`. */
  readonly payload: unknown;
  /** `--provider`: run this provider of the key instead of the winner. */
  readonly provider?: string;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Executes the action in this process through the action bridge (payload validated against the
 * action's `payloadType`, unknown fields refused; pause and drain apply) and prints its result.
 * A refused payload or a failing action throws (a `DomainError` with its `kind`), which the
 * program reports with exit code 1.
 */
export async function runActionInvoke(bridges: DomainBridges, options: ActionInvokeOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const started = performance.now();
  const value = await bridges.actions.execute(options.key, options.payload, options.provider === undefined ? {} : { provider: options.provider });
  const durationMs = performance.now() - started;
  const provider = bridges.actions.app.active('action', options.key)?.provider ?? options.provider ?? 'unknown';
  return printActionResult({ key: options.key, provider, value: value ?? null, durationMs }, options.json, stdout);
}

/** What an action invocation produced, as `action invoke --json` prints it. */
export interface ActionInvokeReport {
  readonly key: string;
  readonly provider: string;
  readonly value: unknown;
  readonly durationMs: number;
}

/** Prints an action's result: one line, or the report as JSON. */
export function printActionResult(report: ActionInvokeReport, json: boolean, stdout: { write(chunk: string): unknown }): ExitCode {
  if (json) {
    stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    stdout.write(`action:${report.key} (${report.provider}) -> ${JSON.stringify(report.value) ?? 'undefined'}  (${report.durationMs.toFixed(2)} ms)\n`);
  }
  return ExitCode.success;
}
