/** bench/adapters: Redis get/set and PostgreSQL `SELECT 1` through the adapters vs the raw client libraries, in one run. */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { InjectAdapter, Oneiric, percentile, Service } from '@oneiric/core';
import { PostgresDatabase, PostgresDatabaseSettings, RedisCache, RedisCacheSettings, redactUrl, type Cache, type Database } from '@oneiric/adapters';
import { formatNs } from './measure.js';

const TARGET_RATIO = 1.1;
const ROUNDS = Number(process.env['BENCH_ADAPTERS_ROUNDS'] ?? 41);
const OPS_PER_ROUND = 200;
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

/** Nanoseconds per operation of `ops` sequential awaited calls. */
async function timeRound(operation: (index: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < OPS_PER_ROUND; index += 1) {
    await operation(index);
  }
  return ((performance.now() - started) * 1e6) / OPS_PER_ROUND;
}

/** Medians of subject and baseline, and the median of their per-round ratios. */
interface Comparison {
  readonly subjectNs: number;
  readonly baselineNs: number;
  readonly ratio: number;
}

/**
 * Runs subject and baseline in alternating rounds, so both see the same noise; the ratio is the
 * median of per-round ratios, which a burst of noise on a shared machine moves less than a
 * ratio of medians.
 */
async function compare(subject: (index: number) => Promise<unknown>, baseline: (index: number) => Promise<unknown>): Promise<Comparison> {
  // Warm-up: connections, JIT, prepared plans.
  await timeRound(subject);
  await timeRound(baseline);
  const subjectNs: number[] = [];
  const baselineNs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate who goes first so neither always follows the other's garbage.
    if (round % 2 === 0) {
      subjectNs.push(await timeRound(subject));
      baselineNs.push(await timeRound(baseline));
    } else {
      baselineNs.push(await timeRound(baseline));
      subjectNs.push(await timeRound(subject));
    }
  }
  const ratios = subjectNs.map((ns, round) => ns / (baselineNs[round] ?? Number.NaN));
  return {
    subjectNs: percentile(subjectNs, 50) ?? Number.NaN,
    baselineNs: percentile(baselineNs, 50) ?? Number.NaN,
    ratio: percentile(ratios, 50) ?? Number.NaN,
  };
}

function report(label: string, { subjectNs, baselineNs, ratio }: Comparison, baselineName: string): boolean {
  const ok = ratio <= TARGET_RATIO;
  console.log(`${label}: ${formatNs(subjectNs)} vs ${formatNs(baselineNs)} (${baselineName}) -> median per-round ratio ${ratio.toFixed(3)}x, target <= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'}`);
  return ok;
}

/** One pass: the adapters in an application with or without circuit breakers, against the raw clients. */
async function runPass(guarded: boolean): Promise<boolean | undefined> {
  const redisSettings = Object.assign(new RedisCacheSettings(), { url: REDIS_URL, keyPrefix: `bench:adapters:${process.pid}:` });
  const postgresSettings = Object.assign(new PostgresDatabaseSettings(), { url: POSTGRES_URL, maxConnections: 4 });
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
  try {
    await app.start();
  } catch (error) {
    console.log(`skipped: Redis or PostgreSQL is not reachable (${error instanceof Error ? error.message : String(error)})`);
    await app.close();
    return undefined;
  }
  const store = app.use<Store>('service', 'bench-store');

  // The raw clients get the same connection settings the adapters use. They are made inside
  // the try, so a failure to connect still closes whatever was opened (and the application).
  let raw: Redis | undefined;
  let pool: Pool | undefined;
  const value = { sku: 'lamp', units: 3, tags: ['a', 'b'] };
  const keyOf = (index: number): string => `k${index & 63}`;
  const fullKey = (index: number): string => `${redisSettings.keyPrefix}${keyOf(index)}`;
  const how = guarded ? 'adapter via live reference + circuit breaker' : 'adapter via live reference';
  try {
    const redis = new Redis(REDIS_URL, {
      connectTimeout: redisSettings.connectTimeoutMs,
      commandTimeout: redisSettings.commandTimeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    raw = redis;
    await redis.connect();
    const pg = new Pool({
      connectionString: POSTGRES_URL,
      max: postgresSettings.maxConnections,
      connectionTimeoutMillis: postgresSettings.connectTimeoutMs,
      idleTimeoutMillis: postgresSettings.idleTimeoutMs,
      query_timeout: postgresSettings.queryTimeoutMs,
      statement_timeout: postgresSettings.queryTimeoutMs,
    });
    pool = pg;
    // Both sides store and read the same JSON: the raw baseline does by hand what the adapter does.
    const set = await compare(
      (index) => store.cache.set(keyOf(index), value),
      (index) => redis.set(fullKey(index), JSON.stringify(value)),
    );
    const get = await compare(
      (index) => store.cache.get(keyOf(index)),
      async (index) => {
        const encoded = await redis.get(fullKey(index));
        return encoded === null ? undefined : JSON.parse(encoded);
      },
    );
    const select = await compare(
      () => store.db.query('SELECT 1'),
      () => pg.query('SELECT 1'),
    );
    const checks = [
      report(`redis set, ${how}`, set, 'raw ioredis'),
      report(`redis get, ${how}`, get, 'raw ioredis'),
      report(`postgres SELECT 1, ${how}`, select, 'raw pg Pool'),
    ];
    await store.cache.clear();
    return checks.every(Boolean);
  } finally {
    raw?.disconnect();
    await pool?.end().catch(() => undefined);
    await app.close();
  }
}

/**
 * Runs the adapters benchmark: a pass without circuit breakers (the adapters' own cost) and one
 * with every adapter call guarded (as `lifecycle.circuit_breaker` deploys them). Returns whether
 * every target was met; true, after saying so, when Redis or PostgreSQL is not reachable.
 */
export async function runAdaptersBench(): Promise<boolean> {
  console.log(`\n== bench/adapters == (${ROUNDS} rounds x ${OPS_PER_ROUND} sequential calls, alternating; ${redactUrl(REDIS_URL)}, ${redactUrl(POSTGRES_URL)})`);
  const plain = await runPass(false);
  if (plain === undefined) {
    return true;
  }
  const guarded = await runPass(true);
  return plain && guarded !== false;
}
