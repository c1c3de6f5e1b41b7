// Test helper: drives N concurrent workers against an operation for a fixed time and records
// every failure with its time, so tests can say how many calls failed and for how long.
import { setImmediate as yieldToTimers } from 'node:timers/promises';

/** A failed call: when (ms since the load started) and what was thrown. */
export interface LoadFailure {
  readonly atMs: number;
  readonly error: unknown;
}

/** What a load run did. */
export interface LoadResult {
  readonly calls: number;
  readonly failures: LoadFailure[];
}

/** Runs `operation(worker, iteration)` from `workers` loops until `durationMs` has passed or `stop()` is true. */
export async function runLoad(
  workers: number,
  durationMs: number,
  operation: (worker: number, iteration: number) => Promise<unknown>,
  stop: () => boolean = () => false,
): Promise<LoadResult> {
  const started = Date.now();
  const failures: LoadFailure[] = [];
  let calls = 0;
  await Promise.all(Array.from({ length: workers }, async (_, worker) => {
    for (let iteration = 0; Date.now() - started < durationMs && !stop(); iteration += 1) {
      try {
        await operation(worker, iteration);
      } catch (error) {
        failures.push({ atMs: Date.now() - started, error });
      }
      calls += 1;
      // In-memory providers settle in microtasks only: yield so timers (swaps, breakers) run.
      if ((iteration & 15) === 15) {
        await yieldToTimers();
      }
    }
  }));
  return { calls, failures };
}
