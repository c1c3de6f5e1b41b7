// The `event emit` command: dispatches one event to the handlers the --import modules register.
import type { DomainBridges, EmitHeaders, HandlerResult } from '@oneiric/domains';
import { ExitCode } from './exitCode.js';

/** Options of `event emit`. */
export interface EventEmitOptions {
  /** The topic. */
  readonly topic: string;
  /** The parsed `--payload`. */
  readonly payload: unknown;
  /** The parsed `--headers`. */
  readonly headers: EmitHeaders;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Dispatches the event in this process and prints one line per handler (or `{ results }` as
 * JSON). Exit code 1 when any handler failed, so scripts notice.
 */
export async function runEventEmit(bridges: DomainBridges, options: EventEmitOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const results = await bridges.events.dispatch(options.topic, options.payload, options.headers);
  return printEventResults(options.topic, results, options.json, stdout);
}

/** Prints one line per handler's result (or `{ topic, results }`); exit 1 when a handler failed. */
export function printEventResults(topic: string, results: readonly HandlerResult[], json: boolean, stdout: { write(chunk: string): unknown }): ExitCode {
  if (json) {
    stdout.write(`${JSON.stringify({ topic, results }, null, 2)}\n`);
  } else {
    stdout.write(`Dispatched ${topic} to ${results.length} handler${results.length === 1 ? '' : 's'}\n`);
    for (const result of results) {
      const outcome = result.success ? `ok ${JSON.stringify(result.value) ?? 'undefined'}` : `FAILED ${result.error ?? ''}`;
      stdout.write(`  ${result.handler}  ${outcome}  (attempts ${result.attempts}, ${result.durationMs.toFixed(2)} ms)\n`);
    }
  }
  return results.every((result) => result.success) ? ExitCode.success : ExitCode.failure;
}
