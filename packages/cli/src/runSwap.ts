// The `swap` command: activates a key's winner (or a given provider) in the running runtime, or in this process and records the status.
import type { Domain, Oneiric, SwapResult } from '@oneiric/core';
import type { ControlClient } from '@oneiric/runtime/client';
import { ExitCode } from './exitCode.js';

/** Options of the `swap` command. */
export interface SwapCommandOptions {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key to swap. */
  readonly key: string;
  /** Provider to swap to; the precedence winner when absent. */
  readonly provider?: string;
  /** Accept a provider whose health check fails. */
  readonly force: boolean;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Swaps one key in a fresh application built from the settings and `--import` modules: the new
 * instance is built, initialised and health-checked, and the outcome is written to the status
 * file in `cache_dir` (which `status` and `health` read). A failure rejects with the
 * `LifecycleError` the CLI reports (exit 1).
 */
export async function runSwap(app: Oneiric, options: SwapCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  await app.reloadStatuses();
  const result: SwapResult = await app.swap(options.domain, options.key, {
    ...(options.provider === undefined ? {} : { provider: options.provider }),
    force: options.force,
  });
  await app.flushStatuses();
  return printSwapResult(result, options, stdout);
}

/** Prints a swap's outcome: one line (with a forced health failure, if any), or the result as JSON. */
export function printSwapResult(result: SwapResult, options: Pick<SwapCommandOptions, 'provider' | 'json'>, stdout: { write(chunk: string): unknown }): ExitCode {
  if (options.json) {
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const forced = result.healthy ? '' : ` (forced past a failing health check: ${result.healthError ?? 'unhealthy'})`;
    stdout.write(`Swapped ${result.domain}:${result.key} -> ${result.provider}${options.provider === undefined ? ' (precedence winner)' : ''} in ${result.durationMs.toFixed(2)} ms${forced}\n`);
  }
  return ExitCode.success;
}

/** `swap` in the runtime: its live instance changes, and its application answers with the new provider. */
export async function swapViaRuntime(client: ControlClient, options: SwapCommandOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const result = await client.request<SwapResult>('POST', '/v1/swap', {
    domain: options.domain, key: options.key, force: options.force, ...(options.provider === undefined ? {} : { provider: options.provider }),
  });
  return printSwapResult(result, options, stdout);
}
