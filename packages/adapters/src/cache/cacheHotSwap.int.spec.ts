import { setTimeout as sleep } from 'node:timers/promises';
import { Oneiric } from '@oneiric/core';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { runLoad } from '../testing/runLoad.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memoryCache.js';
import { RedisCache } from './redisCache.js';

const redis = await probeService('redis');
const WORKERS = 64;
const LOAD_MS = 10_000;
const SWAP_EVERY_MS = 500;
const MIN_SWAPS = 10;
// The load runs at least LOAD_MS and until MIN_SWAPS swaps have happened, but never longer than
// this: on a loaded 2-core CI machine a swap that drains 64 workers once took over a second, and
// only 8 swaps fitted in 10 s; the test is about calls across many swaps, not about swap speed.
const MAX_LOAD_MS = 40_000;

describeWithService(redis, 'cache hot swap between redis and memory under load', () => {
  it(`serves ${WORKERS} concurrent workers for ${LOAD_MS / 1000} s across swaps with zero failed calls`, async () => {
    const keyPrefix = `${uniqueName('test:hotswap')}:`;
    const app = new Oneiric({
      providerSettings: (candidate) => ({
        // 5 s commands: on a loaded CI machine the PING of a fresh connection's health check
        // once took over the 1 s default and the swap was (rightly) refused; this test is about
        // calls across swaps, not about PING latency.
        // Likewise the connect of each swap to redis: with 64 workers saturating the event loop of
        // a loaded machine, one connect's callback once ran after the 2 s default had expired.
        plain: candidate.provider === 'redis' ? { url: redis.url, keyPrefix, commandTimeoutMs: 5_000, connectTimeoutMs: 10_000 } : {},
        path: `adapters.provider_settings.${candidate.provider}`,
      }),
      circuitBreaker: { guarded: (domain) => domain === 'adapter' },
    });
    app.register(RedisCache, MemoryCache);
    await app.start();
    expect(app.active('adapter', 'cache')?.provider).toBe('redis');
    const cache = app.use<Cache>('adapter', 'cache');

    const swappedTo: string[] = [];
    // A swap that fails is rolled back (the old provider keeps serving): recorded, not fatal, since
    // what this test asserts is that no call fails across the swaps that do happen.
    const failedSwaps: string[] = [];
    let loading = true;
    const swapper = (async () => {
      let next = 'memory';
      // Swaps on a fixed schedule (every SWAP_EVERY_MS from the start), not a pause after each
      // swap: on a loaded machine a swap that drains 64 workers takes a while, and pausing after
      // it stretched the period until fewer swaps than planned fit in the load window.
      const started = Date.now();
      for (let swap = 1; loading; swap += 1) {
        await sleep(Math.max(0, started + swap * SWAP_EVERY_MS - Date.now()));
        if (!loading) break;
        try {
          const result = await app.select('adapter', 'cache', next);
          swappedTo.push(result.provider);
          next = next === 'memory' ? 'redis' : 'memory';
        } catch (error) {
          failedSwaps.push(String(error));
        }
      }
    })();
    const loadStarted = Date.now();
    const enoughLoad = (): boolean => Date.now() - loadStarted >= LOAD_MS && swappedTo.length >= MIN_SWAPS;
    const load = await runLoad(WORKERS, MAX_LOAD_MS, async (worker, iteration) => {
      const key = `w${worker}:${iteration % 8}`;
      await cache.set(key, { worker, iteration }, { ttlMs: 5_000 });
      const read = await cache.get<{ worker: number }>(key);
      // A swap between the two calls may land the read on the other provider: a miss, never a wrong value.
      if (read !== undefined && read.worker !== worker) {
        throw new Error(`read another worker's value for ${key}`);
      }
    }, enoughLoad);
    loading = false;
    await swapper;

    try {
      expect(load.failures.map((failure) => String(failure.error)).slice(0, 5)).toEqual([]);
      expect(load.calls).toBeGreaterThan(1_000);
      expect(swappedTo.length).toBeGreaterThanOrEqual(MIN_SWAPS);
      // Failed swaps may happen on an overloaded machine, but they must stay the exception.
      expect(failedSwaps.length).toBeLessThan(swappedTo.length);
      expect(swappedTo).toContain('redis');
      expect(swappedTo).toContain('memory');
    } finally {
      await app.select('adapter', 'cache', 'redis');
      await cache.clear();
      await app.close();
    }
  }, 90_000);
});
