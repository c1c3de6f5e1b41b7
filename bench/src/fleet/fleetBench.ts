/**
 * bench/fleet: time from a desired-state write (`fleet select`) until all N runtime instances run
 * the new provider (N = 10), p50/p99 over repeated flips, against raw NATS KV put-to-watch
 * delivery to N watcher processes (each its own connection, as N instances have) measured in the
 * same run, flip for flip interleaved. Target: fleet p99 at most 3x the raw delivery's p99.
 *
 * The fleet time is observed the only way an outsider can see an instance run the provider: its
 * published `instance.<id>` record arriving on a watch. That is one more KV hop than the raw
 * one-way delivery, so the raw round trip (put -> watch -> each watcher's put seen) is printed
 * too, and the ratio is given against both. All instances share this machine's cores, so the
 * CPU each spends per flip is printed as well: on a small machine it bounds the fleet time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type KV, type NatsConnection } from 'nats';
import { percentile } from '@oneiric/core/internal';
import { FleetClient } from '@oneiric/fleet';
import { FleetInstances } from './fleetInstances.js';
import { RawWatchers, type RawFlipTimes } from './rawWatchers.js';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const INSTANCES = Number(process.env['BENCH_FLEET_INSTANCES'] ?? 10);
// 100 flips: a p99 over fewer samples is little more than the single worst flip.
const FLIPS = Number(process.env['BENCH_FLEET_FLIPS'] ?? 100);
const WARMUP_FLIPS = 3;
const TIMEOUT_MS = 5_000;
const TARGET_RATIO = 3;
// Flips are spaced so one flip's tail (acknowledgements, records) does not queue behind the next.
const PAUSE_BETWEEN_FLIPS_MS = 100;

/** The measurements of one run. */
interface Samples {
  readonly raw: RawFlipTimes[];
  readonly fleet: number[];
  /** CPU milliseconds each instance used per flip (heartbeats included), one value per instance. */
  readonly cpuMsPerFlip: number[];
}

function ms(value: number | undefined): string {
  return `${(value ?? Number.NaN).toFixed(1)} ms`;
}

function mib(bytes: number | undefined): string {
  return `${((bytes ?? Number.NaN) / 1024 / 1024).toFixed(1)} MiB`;
}

/** Raw and fleet flips alternate, so both meet the same machine noise. */
async function interleavedFlips(watchers: RawWatchers, instances: FleetInstances): Promise<Samples> {
  const samples: Samples = { raw: [], fleet: [], cpuMsPerFlip: [] };
  let cpuBefore: number[] = [];
  for (let flip = -WARMUP_FLIPS; flip < FLIPS; flip += 1) {
    if (flip === 0) cpuBefore = instances.cpuMs();
    const raw = await watchers.flip(`v${flip + WARMUP_FLIPS}`);
    await sleep(PAUSE_BETWEEN_FLIPS_MS);
    const fleet = await instances.flip((flip + WARMUP_FLIPS) % 2 === 0 ? 'green' : 'blue');
    await sleep(PAUSE_BETWEEN_FLIPS_MS);
    if (flip >= 0) {
      samples.raw.push(raw);
      samples.fleet.push(fleet);
    }
  }
  samples.cpuMsPerFlip.push(...instances.cpuMs().map((cpu, index) => (cpu - (cpuBefore[index] ?? Number.NaN)) / FLIPS));
  return samples;
}

function report(samples: Samples, rawRss: readonly number[], fleetRss: readonly number[]): boolean {
  const oneWay = samples.raw.map((time) => time.oneWayMs);
  const roundTrip = samples.raw.map((time) => time.roundTripMs);
  const [oneWayP50, oneWayP99] = [percentile(oneWay, 50), percentile(oneWay, 99)];
  const [roundTripP50, roundTripP99] = [percentile(roundTrip, 50), percentile(roundTrip, 99)];
  const [fleetP50, fleetP99] = [percentile(samples.fleet, 50), percentile(samples.fleet, 99)];
  console.log(`raw NATS KV put -> watch, all ${INSTANCES} watchers (one-way): p50 ${ms(oneWayP50)}, p99 ${ms(oneWayP99)}`);
  console.log(`raw NATS KV put -> watch -> each watcher's put seen (round trip): p50 ${ms(roundTripP50)}, p99 ${ms(roundTripP99)}`);
  console.log(`fleet select -> all ${INSTANCES} runtimes run the new provider (their records seen): p50 ${ms(fleetP50)}, p99 ${ms(fleetP99)}`);
  const ratioOneWay = (fleetP99 ?? Number.NaN) / (oneWayP99 ?? Number.NaN);
  const ratioRoundTrip = (fleetP99 ?? Number.NaN) / (roundTripP99 ?? Number.NaN);
  const ok = ratioOneWay <= TARGET_RATIO;
  console.log(`fleet p99 vs raw one-way p99 -> ratio ${ratioOneWay.toFixed(2)}x, target <= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'} (vs raw round trip p99: ${ratioRoundTrip.toFixed(2)}x; p50 ratios ${((fleetP50 ?? Number.NaN) / (oneWayP50 ?? Number.NaN)).toFixed(2)}x / ${((fleetP50 ?? Number.NaN) / (roundTripP50 ?? Number.NaN)).toFixed(2)}x)`);
  // All N instances share this machine's cores; in production each has its own.
  const cpuMs = percentile(samples.cpuMsPerFlip, 50) ?? Number.NaN;
  console.log(`CPU per instance per flip (swap, status and health files, record, heartbeats): median ${ms(cpuMs)}; ${INSTANCES} instances on ${availableParallelism()} cores need at least ${ms((cpuMs * INSTANCES) / availableParallelism())} of each flip for that alone`);
  console.log(`memory per process (RSS): runtime instance with fleet agent median ${mib(percentile(fleetRss, 50))} (max ${mib(Math.max(...fleetRss))}); raw watcher median ${mib(percentile(rawRss, 50))}`);
  return ok;
}

/** Creates the bucket, or with `bindOnly` binds to one that exists (the fleet client created it). */
async function openBucket(connection: NatsConnection, bucket: string, bindOnly = false): Promise<KV> {
  return connection.jetstream({ timeout: TIMEOUT_MS }).views.kv(bucket, bindOnly ? { bindOnly } : { history: 1 });
}

/** Runs the flips on two buckets of its own (raw, fleet), deleted after; true when the target is met. */
export async function runFleetBench(): Promise<boolean> {
  console.log(`\nbench/fleet (${INSTANCES} instances, ${FLIPS} flips of each subject after ${WARMUP_FLIPS} warm-up flips)`);
  const suffix = randomUUID().slice(0, 8);
  const [rawBucket, fleetBucket] = [`bench_fleet_raw_${suffix}`, `bench_fleet_${suffix}`];
  const dir = mkdtempSync(path.join(tmpdir(), 'onb-fleet-'));
  const connection = await connect({ servers: NATS_URL, timeout: TIMEOUT_MS, name: 'bench-fleet' });
  const rawKv = await openBucket(connection, rawBucket);
  const fleet = await FleetClient.connect({ url: NATS_URL, bucket: fleetBucket, timeoutMs: TIMEOUT_MS, actor: 'bench-fleet' });
  let watchers: RawWatchers | undefined;
  let instances: FleetInstances | undefined;
  try {
    watchers = await RawWatchers.start({ kv: rawKv, url: NATS_URL, bucket: rawBucket, key: 'desired', count: INSTANCES });
    instances = await FleetInstances.start({ fleet, kv: await openBucket(connection, fleetBucket, true), url: NATS_URL, bucket: fleetBucket, dir, count: INSTANCES });
    const samples = await interleavedFlips(watchers, instances);
    return report(samples, await watchers.rssBytes(), instances.rssBytes());
  } finally {
    await Promise.all([watchers?.stop(), instances?.stop()]);
    await rawKv.destroy().catch(() => undefined);
    await fleet.destroyBucket().catch(() => undefined);
    await fleet.close();
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
