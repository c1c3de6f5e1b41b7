/**
 * bench/fleet: how fast a desired-state write reaches N instances. The baseline is raw NATS KV
 * put-to-watch delivery to N watcher processes (each its own connection, as N instances have),
 * measured in the same run; p50/p99 over repeated flips, and the resident memory per process.
 */
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { percentile } from '@oneiric/core/internal';
import { RawWatchers, type RawFlipTimes } from './rawWatchers.js';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const INSTANCES = Number(process.env['BENCH_FLEET_INSTANCES'] ?? 10);
const FLIPS = Number(process.env['BENCH_FLEET_FLIPS'] ?? 40);
const WARMUP_FLIPS = 3;
const TIMEOUT_MS = 5_000;
// Flips are spaced so one flip's tail (acknowledgements, heartbeats) does not queue behind the next.
const PAUSE_BETWEEN_FLIPS_MS = 50;

function ms(value: number | undefined): string {
  return `${(value ?? Number.NaN).toFixed(2)} ms`;
}

function mib(bytes: number | undefined): string {
  return `${((bytes ?? Number.NaN) / 1024 / 1024).toFixed(1)} MiB`;
}

async function rawFlips(watchers: RawWatchers): Promise<RawFlipTimes[]> {
  const times: RawFlipTimes[] = [];
  for (let flip = -WARMUP_FLIPS; flip < FLIPS; flip += 1) {
    const measured = await watchers.flip(`v${flip + WARMUP_FLIPS}`);
    if (flip >= 0) times.push(measured);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_FLIPS_MS));
  }
  return times;
}

function printRaw(times: readonly RawFlipTimes[], rssBytes: readonly number[]): void {
  const oneWay = times.map((time) => time.oneWayMs);
  const roundTrip = times.map((time) => time.roundTripMs);
  console.log(`raw NATS KV put -> watch, all ${INSTANCES} watchers (one-way): p50 ${ms(percentile(oneWay, 50))}, p99 ${ms(percentile(oneWay, 99))}`);
  console.log(`raw NATS KV put -> watch -> each watcher's put seen (round trip): p50 ${ms(percentile(roundTrip, 50))}, p99 ${ms(percentile(roundTrip, 99))}`);
  console.log(`memory per raw watcher process (RSS): median ${mib(percentile(rssBytes, 50))}, max ${mib(Math.max(...rssBytes))}`);
}

/** Runs the flips on a bucket of its own, deleted after; true when every target is met. */
export async function runFleetBench(): Promise<boolean> {
  console.log(`\nbench/fleet (${INSTANCES} instances, ${FLIPS} flips after ${WARMUP_FLIPS} warm-up flips)`);
  const bucket = `bench_fleet_${randomUUID().slice(0, 8)}`;
  const connection: NatsConnection = await connect({ servers: NATS_URL, timeout: TIMEOUT_MS, name: 'bench-fleet' });
  const kv = await connection.jetstream({ timeout: TIMEOUT_MS }).views.kv(bucket, { history: 1 });
  let watchers: RawWatchers | undefined;
  try {
    watchers = await RawWatchers.start({ kv, url: NATS_URL, bucket, key: 'desired', count: INSTANCES });
    const raw = await rawFlips(watchers);
    printRaw(raw, await watchers.rssBytes());
    return true;
  } finally {
    await watchers?.stop();
    await kv.destroy().catch(() => undefined);
    await connection.close();
  }
}
