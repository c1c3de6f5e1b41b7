/**
 * bench/control: the CLI against a running runtime. Whole-process wall time of `oneiric status
 * --json` and `oneiric swap` next to bare `node -e 0` in the same run (target: at most 2x), and
 * the control round trip of an in-process client (median, target under 1 ms).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ControlClient, runtimePaths } from '@oneiric/runtime/client';

const execFileAsync = promisify(execFile);
// What `npx oneiric` runs: the package's launcher, which imports the compiled CLI (its one-module
// bundle when that is at least as new as the build).
const ONEIRIC = fileURLToPath(new URL('../../../packages/cli/bin/oneiric.js', import.meta.url));
const BUNDLE_SCRIPT = fileURLToPath(new URL('../../../packages/cli/scripts/bundle.mjs', import.meta.url));
const PROCESS_RUNS = Number(process.env['BENCH_CONTROL_RUNS'] ?? 15);
const ROUND_TRIPS = Number(process.env['BENCH_CONTROL_ROUND_TRIPS'] ?? 2000);
const PROCESS_TARGET_RATIO = 2;
const ROUND_TRIP_TARGET_MS = 1;

const PROVIDERS = `
const greeter = (word) => ({ kind: 'function', build: () => ({ greet: () => word }) });
export function register(app) {
  app.register(
    { domain: 'adapter', key: 'greeter', provider: 'english', priority: 100, factory: greeter('hello') },
    { domain: 'adapter', key: 'greeter', provider: 'french', priority: 50, factory: greeter('bonjour') },
  );
}
`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timed(file: string, args: readonly string[], cwd: string): Promise<number> {
  const started = performance.now();
  await execFileAsync(file, args, { cwd, env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 });
  return performance.now() - started;
}

// The three commands interleaved, so each sample of each meets the same machine noise.
async function processTimes(dir: string): Promise<{ node: number[]; status: number[]; swap: number[] }> {
  const samples = { node: [] as number[], status: [] as number[], swap: [] as number[] };
  for (let run = 0; run < PROCESS_RUNS; run += 1) {
    samples.node.push(await timed(process.execPath, ['-e', '0'], dir));
    samples.status.push(await timed(process.execPath, [ONEIRIC, 'status', '--json'], dir));
    samples.swap.push(await timed(process.execPath, [ONEIRIC, 'swap', 'greeter', '--provider', run % 2 === 0 ? 'french' : 'english'], dir));
  }
  return samples;
}

async function roundTrips(socketPath: string): Promise<number[]> {
  const client = new ControlClient({ socketPath, timeoutMs: 5_000 });
  for (let warmup = 0; warmup < 200; warmup += 1) {
    await client.request('GET', '/v1/health');
  }
  const times: number[] = [];
  for (let trip = 0; trip < ROUND_TRIPS; trip += 1) {
    const started = performance.now();
    await client.request('GET', '/v1/health');
    times.push(performance.now() - started);
  }
  return times;
}

function report(label: string, subjectMs: number, baselineMs: number): boolean {
  const ratio = subjectMs / baselineMs;
  const ok = ratio <= PROCESS_TARGET_RATIO;
  console.log(`${label}: ${subjectMs.toFixed(1)} ms vs ${baselineMs.toFixed(1)} ms (node -e 0) -> ratio ${ratio.toFixed(2)}x, target <= ${PROCESS_TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'}`);
  return ok;
}

/** Starts a runtime in a temporary project, measures, stops it; true when every target is met. */
export async function runControlBench(): Promise<boolean> {
  console.log(`\nbench/control (${PROCESS_RUNS} runs of each command; ${ROUND_TRIPS} round trips)`);
  // As `npm run build` leaves it, whether this run followed `npm run bench` or a bare `tsc --build`.
  await execFileAsync(process.execPath, [BUNDLE_SCRIPT], { timeout: 60_000 });
  const dir = mkdtempSync(path.join(tmpdir(), 'onb-'));
  writeFileSync(path.join(dir, 'providers.mjs'), PROVIDERS);
  try {
    await execFileAsync(process.execPath, [ONEIRIC, '--import', './providers.mjs', 'start'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 });
    const samples = await processTimes(dir);
    const trips = await roundTrips(runtimePaths('.oneiric_cache', dir).socket);
    const nodeMs = median(samples.node);
    const statusOk = report('oneiric status --json (whole process)', median(samples.status), nodeMs);
    const swapOk = report('oneiric swap (whole process)', median(samples.swap), nodeMs);
    const tripMs = median(trips);
    const tripOk = tripMs < ROUND_TRIP_TARGET_MS;
    console.log(`control round trip GET /v1/health (in-process client): median ${(tripMs * 1000).toFixed(0)} µs, target < ${ROUND_TRIP_TARGET_MS} ms ${tripOk ? 'OK' : 'MISSED'}`);
    return statusOk && swapOk && tripOk;
  } finally {
    await execFileAsync(process.execPath, [ONEIRIC, 'stop'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
