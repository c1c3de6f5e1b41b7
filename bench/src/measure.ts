/** Shared benchmark helpers: batched tinybench runs reporting the median nanoseconds per operation. */
import { Bench } from 'tinybench';

/** Median cost of one operation, measured in batches so timer resolution does not dominate. */
export interface Measurement {
  /** Task name. */
  readonly name: string;
  /** Median nanoseconds per operation. */
  readonly medianNs: number;
  /** 99th percentile nanoseconds per operation (per batch, divided by the batch size). */
  readonly p99Ns: number;
}

/**
 * Runs each task as batches of `batchSize` calls for about `timeMs` and returns per-operation
 * medians. Tasks run interleaved in one process so they share the machine's current noise.
 */
export async function measure(
  tasks: ReadonlyArray<{ name: string; batchSize: number; fn: () => void }>,
  timeMs = 800,
): Promise<Measurement[]> {
  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  for (const task of tasks) {
    bench.add(task.name, task.fn);
  }
  await bench.run();
  return tasks.map((task) => {
    const result = bench.getTask(task.name)?.result;
    if (result === undefined || !('latency' in result)) {
      throw new Error(`benchmark task ${task.name} did not complete`);
    }
    // tinybench reports milliseconds per batch.
    return {
      name: task.name,
      medianNs: (result.latency.p50 * 1e6) / task.batchSize,
      p99Ns: (result.latency.p99 * 1e6) / task.batchSize,
    };
  });
}

/** Formats nanoseconds for a table. */
export function formatNs(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`;
}

/** Prints a result line with a ratio against a baseline and the target it is checked against. */
export function printRatio(label: string, subject: Measurement, baseline: Measurement, targetRatio: number): boolean {
  const ratio = subject.medianNs / baseline.medianNs;
  const ok = ratio <= targetRatio;
  console.log(
    `${label}: ${formatNs(subject.medianNs)} vs ${formatNs(baseline.medianNs)} (${baseline.name})` +
      ` -> ratio ${ratio.toFixed(2)}x, target <= ${targetRatio}x ${ok ? 'OK' : 'MISSED'}`,
  );
  return ok;
}
