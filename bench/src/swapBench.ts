/** bench/swap: async calls through a live reference while the provider is swapped every 50 ms. */
import 'reflect-metadata';
import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
import { setImmediate as yieldToTimers, setTimeout as sleep } from 'node:timers/promises';
import { Adapter, Oneiric } from '@oneiric/core';
import { percentile } from '@oneiric/core/internal';

const CONCURRENCY = 64;
const SWAP_INTERVAL_MS = 50;
const SWAP_SECONDS = Number(process.env['BENCH_SWAP_SECONDS'] ?? 10);
const BASELINE_SECONDS = Math.max(1.5, Math.min(6, SWAP_SECONDS));
// Swaps in a row for the flat-cost check: the first and the last window are compared.
const LONG_RUN_SWAPS = Number(process.env['BENCH_SWAP_LONG_RUN'] ?? 3_000);
const LONG_RUN_WINDOW = 200;

/** What both providers offer: one small async method. */
interface Worker {
  work(value: number): Promise<number>;
}

@Adapter('bench-worker', 'a', 10)
class WorkerA implements Worker {
  async work(value: number): Promise<number> {
    await null;
    return value + 1;
  }
}

@Adapter('bench-worker', 'b', 5)
class WorkerB implements Worker {
  async work(value: number): Promise<number> {
    await null;
    return value + 2;
  }
}

/**
 * A swap must cost the same after thousands of swaps as after ten: swaps back and forth on a
 * fresh application, one per event-loop turn (as swaps arrive in a running process), and the
 * median duration of the last window against the first. (A child container per build once made
 * every swap walk all the containers built before it: 4x slower after 3,000 swaps.)
 */
async function swapCostOverTime(): Promise<{ readonly line: string; readonly ok: boolean }> {
  const app = new Oneiric();
  app.register(WorkerA, WorkerB);
  await app.start();
  const durationsMs: number[] = [];
  for (let swap = 0; swap < LONG_RUN_SWAPS; swap += 1) {
    const result = await app.select('adapter', 'bench-worker', swap % 2 === 0 ? 'b' : 'a');
    durationsMs.push(result.durationMs);
    await yieldToTimers();
  }
  await app.close();
  const first = percentile(durationsMs.slice(0, LONG_RUN_WINDOW), 50) ?? Number.NaN;
  const last = percentile(durationsMs.slice(-LONG_RUN_WINDOW), 50) ?? Number.NaN;
  const ratio = last / first;
  return {
    line: `swap duration after ${LONG_RUN_SWAPS} swaps / first ${LONG_RUN_WINDOW}: median ${last.toFixed(3)} ms / ${first.toFixed(3)} ms = ${ratio.toFixed(2)}x, target <= 1.5x`,
    ok: ratio <= 1.5,
  };
}

interface RunResult {
  readonly label: string;
  readonly calls: number;
  readonly failed: number;
  readonly seconds: number;
  readonly histogram: RecordableHistogram;
}

async function drive(label: string, target: Worker, seconds: number): Promise<RunResult> {
  const histogram = createHistogram();
  const endAt = performance.now() + seconds * 1000;
  let calls = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    let value = 0;
    while (performance.now() < endAt) {
      const started = process.hrtime.bigint();
      try {
        value = await target.work(value);
      } catch {
        failed += 1;
      }
      histogram.record(Math.max(1, Number(process.hrtime.bigint() - started)));
      calls += 1;
      // Resolved awaits never leave the microtask queue; yield now and then so timers (the swapper) run.
      if ((calls & 255) === 0) {
        await yieldToTimers();
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { label, calls, failed, seconds: (performance.now() - started) / 1000, histogram };
}

function describeRun(run: RunResult): string {
  const perSecond = Math.round(run.calls / run.seconds).toLocaleString('en-US');
  return `${run.label.padEnd(34)} ${perSecond.padStart(11)} calls/s  failed ${run.failed}  p50 ${(run.histogram.percentile(50) / 1000).toFixed(2)} µs  p99 ${(run.histogram.percentile(99) / 1000).toFixed(2)} µs`;
}

/** Runs the swap benchmark and returns whether every target was met. */
export async function runSwapBench(): Promise<boolean> {
  console.log(`\n== bench/swap == (concurrency ${CONCURRENCY}, swaps every ${SWAP_INTERVAL_MS} ms for ${SWAP_SECONDS} s)`);
  const app = new Oneiric();
  app.register(WorkerA, WorkerB);
  await app.start();
  const reference = app.use<Worker>('adapter', 'bench-worker');
  const direct = new WorkerA();

  // Direct and live runs alternate over several rounds so both see the same machine noise; the
  // ratios use the medians of the rounds.
  const rounds = 5;
  const directRuns: RunResult[] = [];
  const liveRuns: RunResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    directRuns.push(await drive('direct instance', direct, BASELINE_SECONDS / rounds));
    liveRuns.push(await drive('live reference, no swaps', reference, BASELINE_SECONDS / rounds));
  }
  const median = (values: number[]): number => percentile(values, 50) ?? Number.NaN;
  const directRun = directRuns[rounds - 1]!;
  const liveRun = liveRuns[rounds - 1]!;
  const swapDurationsMs: number[] = [];
  let swapping = true;
  const swapper = (async () => {
    let next = 'b';
    while (swapping) {
      await sleep(SWAP_INTERVAL_MS);
      if (!swapping) break;
      const result = await app.select('adapter', 'bench-worker', next);
      swapDurationsMs.push(result.durationMs);
      next = next === 'a' ? 'b' : 'a';
    }
  })();
  const swapRun = await drive('live reference, swapping', reference, SWAP_SECONDS);
  swapping = false;
  await swapper;
  await app.close();

  for (const run of [...directRuns, ...liveRuns, swapRun]) {
    console.log(describeRun(run));
  }
  const overhead = median(liveRuns.map((run, index) => run.histogram.percentile(50) / directRuns[index]!.histogram.percentile(50)));
  const throughputRatio = median(liveRuns.map((run, index) => (directRuns[index]!.calls / directRuns[index]!.seconds) / (run.calls / run.seconds)));
  const p99Ratio = swapRun.histogram.percentile(99) / median(liveRuns.map((run) => run.histogram.percentile(99)));
  const failed = [...directRuns, ...liveRuns, swapRun].reduce((sum, run) => sum + run.failed, 0);
  console.log(`swaps: ${swapDurationsMs.length}, duration p50 ${percentile(swapDurationsMs, 50)?.toFixed(3)} ms, p99 ${percentile(swapDurationsMs, 99)?.toFixed(3)} ms`);
  const longRun = await swapCostOverTime();
  const checks: Array<[string, boolean]> = [
    [`failed calls: ${failed}, target 0`, failed === 0],
    [`live reference p50 latency / direct: ${overhead.toFixed(2)}x (throughput ratio ${throughputRatio.toFixed(2)}x), target <= 1.5x`, overhead <= 1.5],
    [`p99 latency swapping / not swapping: ${p99Ratio.toFixed(2)}x, target <= 2x`, p99Ratio <= 2],
    [longRun.line, longRun.ok],
  ];
  for (const [line, ok] of checks) {
    console.log(`${line} ${ok ? 'OK' : 'MISSED'}`);
  }
  return checks.every(([, ok]) => ok);
}
