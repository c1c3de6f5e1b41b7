/**
 * bench/fleet: time from a desired-state write (`fleet select`) until all N runtime instances run
 * the new provider (N = 10), p50/p99 over repeated flips, against raw NATS KV put-to-watch
 * delivery to N watcher processes (each its own connection, as N instances have) measured in the
 * same run, flip for flip interleaved. Target: fleet p99 at most 3x the raw delivery's p99.
 *
 * Both are measured alike: each raw watcher stamps the moment a value arrived, each instance the
 * moment its swap to the new provider finished (new instance live, old one retired), both on this
 * machine's wall clock and sent to this process over IPC; a flip lasts until the last of the N.
 * The published `instance.<id>` records are timed as well (what an outsider, `fleet status`,
 * sees): that is one more KV hop, so it is compared with the raw round trip (put -> watch -> each
 * watcher's own put seen). All instances share this machine's cores, so the CPU each spends per
 * flip is printed too: on a small machine it bounds the fleet time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type KV, type NatsConnection } from 'nats';
import { percentile } from '@oneiric/core/internal';
import { FleetClient } from '@oneiric/fleet';
import { FleetInstances, type FleetFlipTimes } from './fleetInstances.js';
import { RawWatchers, type RawFlipTimes } from './rawWatchers.js';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const INSTANCES = Number(process.env['BENCH_FLEET_INSTANCES'] ?? 10);
// 100 flips: a p99 over fewer samples is little more than the single worst flip.
const FLIPS = Number(process.env['BENCH_FLEET_FLIPS'] ?? 100);
const WARMUP_FLIPS = 3;
const TIMEOUT_MS = 5_000;
const TARGET_RATIO = 3;
// Flips are spaced so one flip's tail does not queue behind the next: acknowledgements, records,
// and the instances' write-behind files (status 50 ms, health 25 ms, desired state 200 ms after a
// change), which must not land in the next flip of either subject.
const PAUSE_BETWEEN_FLIPS_MS = 300;

/** The measurements of one run. */
interface Samples {
  readonly raw: RawFlipTimes[];
  readonly fleet: FleetFlipTimes[];
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

/** p50 and p99 of `values`. */
function medianAndTail(values: readonly number[]): { readonly p50: number; readonly p99: number } {
  return { p50: percentile(values, 50) ?? Number.NaN, p99: percentile(values, 99) ?? Number.NaN };
}

function report(samples: Samples, rawRss: readonly number[], fleetRss: readonly number[]): boolean {
  const oneWay = medianAndTail(samples.raw.map((time) => time.oneWayMs));
  const roundTrip = medianAndTail(samples.raw.map((time) => time.roundTripMs));
  const swapped = medianAndTail(samples.fleet.map((time) => time.swappedMs));
  const records = medianAndTail(samples.fleet.map((time) => time.recordsMs));
  console.log(`raw NATS KV put -> watch, all ${INSTANCES} watchers have the value (one-way): p50 ${ms(oneWay.p50)}, p99 ${ms(oneWay.p99)}`);
  console.log(`fleet select -> all ${INSTANCES} runtimes run the new provider (swap finished): p50 ${ms(swapped.p50)}, p99 ${ms(swapped.p99)}`);
  const ratio = swapped.p99 / oneWay.p99;
  const ok = ratio <= TARGET_RATIO;
  console.log(`fleet p99 vs raw one-way p99 -> ratio ${ratio.toFixed(2)}x, target <= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'} (p50 ratio ${(swapped.p50 / oneWay.p50).toFixed(2)}x)`);
  console.log(`raw NATS KV put -> watch -> each watcher's put seen (round trip): p50 ${ms(roundTrip.p50)}, p99 ${ms(roundTrip.p99)}`);
  console.log(`fleet select -> all ${INSTANCES} records name the new provider (what fleet status sees): p50 ${ms(records.p50)}, p99 ${ms(records.p99)}; vs raw round trip p99 ${(records.p99 / roundTrip.p99).toFixed(2)}x, p50 ${(records.p50 / roundTrip.p50).toFixed(2)}x`);
  const swapDuration = medianAndTail(samples.fleet.flatMap((time) => time.swapDurationsMs));
  console.log(`of which the swap inside each runtime (activate, flip, retire): p50 ${ms(swapDuration.p50)}, p99 ${ms(swapDuration.p99)}`);
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
