/** bench/adapters: Redis get/set and PostgreSQL `SELECT 1` through the adapters vs the raw client libraries, in one run. */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { InjectAdapter, Oneiric, Service } from '@oneiric/core';
import { percentile } from '@oneiric/core/internal';
import { PostgresDatabase, PostgresDatabaseSettings, RedisCache, RedisCacheSettings, redactUrl, type Cache, type Database } from '@oneiric/adapters';
import { formatNs } from './measure.js';

const TARGET_RATIO = 1.1;
const ROUNDS = Number(process.env['BENCH_ADAPTERS_ROUNDS'] ?? 61);
// A multiple of 6, so every order of the three subjects (see ORDERS) runs equally often in a round.
const OPS_PER_ROUND = 120;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env['POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A consumer as an application writes it: the cache and database are injected live references. */
@Service('bench-store', 'default')
class Store {
  public constructor(
    @InjectAdapter('cache') public readonly cache: Cache,
    @InjectAdapter('database') public readonly db: Database,
  ) {}
}

type Operation = (index: number) => Promise<unknown>;

/** The three subjects of one comparison, measured in the same rounds. */
interface Subjects {
  /** Adapter through a live reference, no circuit breaker. */
  readonly plain: Operation;
  /** Adapter through a live reference guarded by a circuit breaker. */
  readonly guarded: Operation;
  /** The raw client library, doing by hand the same work as the adapter. */
  readonly raw: Operation;
}

type SubjectName = keyof Subjects;

/**
 * Every order of the three subjects. Call i of a round runs ORDERS[i % 6]: each subject runs
 * first, second and third equally often and follows each of the others equally often, so none
 * always inherits the same neighbour's garbage, pool state or CPU frequency.
 */
const ORDERS: ReadonlyArray<readonly SubjectName[]> = [
  ['plain', 'guarded', 'raw'],
  ['raw', 'plain', 'guarded'],
  ['guarded', 'raw', 'plain'],
  ['plain', 'raw', 'guarded'],
  ['guarded', 'plain', 'raw'],
  ['raw', 'guarded', 'plain'],
];

/**
 * One round: `OPS_PER_ROUND` steps, each one awaited call of every subject in turn, each call
 * timed on its own. Interleaving call by call means a burst of noise on this shared machine
 * hits all three subjects alike instead of whichever one was running at the time.
 * @returns the median latency of each subject's calls in this round, in ns
 */
async function timeRound(subjects: Subjects): Promise<Record<SubjectName, number>> {
  const ns: Record<SubjectName, number[]> = { plain: [], guarded: [], raw: [] };
  for (let index = 0; index < OPS_PER_ROUND; index += 1) {
    for (const name of ORDERS[index % ORDERS.length] ?? []) {
      const started = performance.now();
      await subjects[name](index);
      ns[name].push((performance.now() - started) * 1e6);
    }
  }
  return { plain: percentile(ns.plain, 50) ?? Number.NaN, guarded: percentile(ns.guarded, 50) ?? Number.NaN, raw: percentile(ns.raw, 50) ?? Number.NaN };
}

/** Medians of one subject and of the raw baseline, and the median of their per-round ratios. */
interface Comparison {
  readonly subjectNs: number;
  readonly baselineNs: number;
  readonly ratio: number;
}

/** The ratio of each adapter subject to raw: median over the rounds of its per-round ratio. */
function summarise(rounds: ReadonlyArray<Record<SubjectName, number>>): { plain: Comparison; guarded: Comparison } {
  const baselineNs = percentile(rounds.map((round) => round.raw), 50) ?? Number.NaN;
  const against = (name: SubjectName): Comparison => ({
    subjectNs: percentile(rounds.map((round) => round[name]), 50) ?? Number.NaN,
    baselineNs,
    ratio: percentile(rounds.map((round) => round[name] / round.raw), 50) ?? Number.NaN,
  });
  return { plain: against('plain'), guarded: against('guarded') };
}

function report(label: string, { subjectNs, baselineNs, ratio }: Comparison, baselineName: string): boolean {
  const ok = ratio <= TARGET_RATIO;
  console.log(`${label}: ${formatNs(subjectNs)} vs ${formatNs(baselineNs)} (${baselineName}) -> median per-round ratio ${ratio.toFixed(3)}x, target <= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'}`);
  return ok;
}

/** An application with the Redis and PostgreSQL adapters, with or without circuit breakers. */
function newApp(guarded: boolean, redisSettings: RedisCacheSettings, postgresSettings: PostgresDatabaseSettings): Oneiric {
  const app = new Oneiric({
    providerSettings: (candidate) => ({
      plain: candidate.provider === 'redis' ? { ...redisSettings } : candidate.provider === 'postgres' ? { ...postgresSettings } : {},
      path: `adapters.provider_settings.${candidate.provider}`,
    }),
    // The adapters time out every network call themselves (commandTimeoutMs, statement timeouts),
    // so the breaker's own per-call timer would be a second one: `callTimeoutMs: 0`, as
    // `lifecycle.circuit_breaker.call_timeout_ms: 0` deploys it for adapters.
    circuitBreaker: { guarded: (domain) => guarded && domain === 'adapter', options: { callTimeoutMs: 0 } },
  });
  app.register(RedisCache, PostgresDatabase, Store);
  return app;
}

/** The three comparisons, with fresh clients: two applications and the raw clients. */
interface Bench {
  readonly set: Subjects;
  readonly get: Subjects;
  readonly select: Subjects;
  /** Removes the keys the bench wrote. */
  clear(): Promise<void>;
  /** Closes both applications and the raw clients. */
  close(): Promise<void>;
}

const value = { sku: 'lamp', units: 3, tags: ['a', 'b'] };
const keyOf = (index: number): string => `k${index & 63}`;

/**
 * Starts both applications and the raw clients with the same connection settings. Undefined
 * (after closing what was opened) when Redis or PostgreSQL is not reachable.
 */
async function openBench(redisSettings: RedisCacheSettings, postgresSettings: PostgresDatabaseSettings): Promise<Bench | undefined> {
  const plainApp = newApp(false, redisSettings, postgresSettings);
  const guardedApp = newApp(true, redisSettings, postgresSettings);
  // The same connection settings the adapters use (connectRedis, PostgresDatabase.init).
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: redisSettings.connectTimeoutMs,
    commandTimeout: redisSettings.commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(attempt * 50, 1_000),
  });
  redis.on('error', () => undefined);
  const pg = new Pool({
    connectionString: POSTGRES_URL,
    max: postgresSettings.maxConnections,
    connectionTimeoutMillis: postgresSettings.connectTimeoutMs,
    idleTimeoutMillis: postgresSettings.idleTimeoutMs,
    query_timeout: postgresSettings.queryTimeoutMs,
    statement_timeout: postgresSettings.queryTimeoutMs,
    allowExitOnIdle: true,
  });
  pg.on('error', () => undefined);
  const close = async (): Promise<void> => {
    redis.disconnect();
    await pg.end().catch(() => undefined);
    await guardedApp.close();
    await plainApp.close();
  };
  try {
    await plainApp.start();
    await guardedApp.start();
    await redis.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    console.log(`skipped: Redis or PostgreSQL is not reachable (${error instanceof Error ? error.message : String(error)})`);
    await close();
    return undefined;
  }
  const plain = plainApp.use<Store>('service', 'bench-store');
  const guarded = guardedApp.use<Store>('service', 'bench-store');
  const fullKey = (index: number): string => `${redisSettings.keyPrefix}${keyOf(index)}`;
  // The raw baseline does by hand what the adapter does: JSON encode/decode, the key prefix.
  return {
    set: {
      plain: (index) => plain.cache.set(keyOf(index), value),
      guarded: (index) => guarded.cache.set(keyOf(index), value),
      raw: (index) => redis.set(fullKey(index), JSON.stringify(value)),
    },
    get: {
      plain: (index) => plain.cache.get(keyOf(index)),
      guarded: (index) => guarded.cache.get(keyOf(index)),
      raw: async (index) => {
        const encoded = await redis.get(fullKey(index));
        return encoded === null ? undefined : JSON.parse(encoded);
      },
    },
    select: {
      plain: () => plain.db.query('SELECT 1'),
      guarded: () => guarded.db.query('SELECT 1'),
      raw: () => pg.query('SELECT 1'),
    },
    clear: () => plain.cache.clear(),
    close,
  };
}

/**
 * Runs the adapters benchmark in one pass: the adapters through live references without circuit
 * breakers (the adapters' own cost) and with every adapter call guarded by a breaker without a
 * call timer of its own (`lifecycle.circuit_breaker.call_timeout_ms: 0`: the adapters time out
 * every call themselves), each against the same raw clients in the same rounds.
 * Every round opens fresh applications and clients: a PostgreSQL connection keeps the latency of
 * its backend process (two identical raw pools differed by up to 30% for a whole round), so only
 * new connections each round let that bias average out instead of deciding the ratio.
 * Returns whether every target was met; true, after saying so, when Redis or PostgreSQL is not reachable.
 */
export async function runAdaptersBench(): Promise<boolean> {
  console.log(`\n== bench/adapters == (${ROUNDS} rounds of ${OPS_PER_ROUND} steps, each step one awaited call per subject in rotating order; median call latencies; fresh connections every round; ${redactUrl(REDIS_URL)}, ${redactUrl(POSTGRES_URL)})`);
  // One key namespace for all three subjects: they write the same JSON under the same keys.
  const redisSettings = Object.assign(new RedisCacheSettings(), { url: REDIS_URL, keyPrefix: `bench:adapters:${process.pid}:` });
  const postgresSettings = Object.assign(new PostgresDatabaseSettings(), { url: POSTGRES_URL, maxConnections: 4 });
  const rounds: Record<'set' | 'get' | 'select', Array<Record<SubjectName, number>>> = { set: [], get: [], select: [] };
  // One extra round first, not counted: JIT, prepared plans, server caches.
  for (let round = -1; round < ROUNDS; round += 1) {
    const bench = await openBench(redisSettings, postgresSettings);
    if (bench === undefined) {
      return true;
    }
    try {
      for (const name of ['set', 'get', 'select'] as const) {
        const measured = await timeRound(bench[name]);
        if (round >= 0) {
          rounds[name].push(measured);
        }
      }
      if (round === ROUNDS - 1) {
        await bench.clear();
      }
    } finally {
      await bench.close();
    }
  }
  const set = summarise(rounds.set);
  const get = summarise(rounds.get);
  const select = summarise(rounds.select);
  const unguardedHow = 'adapter via live reference';
  const guardedHow = 'adapter via live reference + circuit breaker (call_timeout_ms 0)';
  const checks = [
    report(`redis set, ${unguardedHow}`, set.plain, 'raw ioredis'),
    report(`redis get, ${unguardedHow}`, get.plain, 'raw ioredis'),
    report(`postgres SELECT 1, ${unguardedHow}`, select.plain, 'raw pg Pool'),
    report(`redis set, ${guardedHow}`, set.guarded, 'raw ioredis'),
    report(`redis get, ${guardedHow}`, get.guarded, 'raw ioredis'),
    report(`postgres SELECT 1, ${guardedHow}`, select.guarded, 'raw pg Pool'),
  ];
  return checks.every(Boolean);
}
