// Fault test: stops the machine's Redis under load. Runs alone (the `test` script runs
// `*.fault.int.spec.ts` in a second, serial Jest run) so no other suite loses its Redis.
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, Oneiric } from '@oneiric/core';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { startRedis, stopRedis } from '../testing/redisServer.js';
import { runLoad, type LoadFailure } from '../testing/runLoad.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memoryCache.js';
import { RedisCache } from './redisCache.js';

const redis = await probeService('redis');
const WORKERS = 64;
// The breaker's rolling window: a burst of failed calls must be shorter than it.
const WINDOW_MS = 1_000;

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Groups failures into bursts: failures closer than `gapMs` belong to one burst. */
function bursts(failures: readonly LoadFailure[], gapMs: number): Array<{ fromMs: number; toMs: number; count: number }> {
  const sorted = [...failures].sort((a, b) => a.atMs - b.atMs);
  const result: Array<{ fromMs: number; toMs: number; count: number }> = [];
  for (const failure of sorted) {
    const last = result[result.length - 1];
    if (last !== undefined && failure.atMs - last.toMs <= gapMs) {
      last.toMs = failure.atMs;
      last.count += 1;
    } else {
      result.push({ fromMs: failure.atMs, toMs: failure.atMs, count: 1 });
    }
  }
  return result;
}

describeWithService(redis, 'cache failover when Redis stops under load', () => {
  afterAll(async () => {
    // Whatever happened above, the machine's Redis is left running.
    await startRedis();
  });

  it('opens the breaker, fails over to memory, fails back to redis after the restart; failures last less than the window', async () => {
    const keyPrefix = `${uniqueName('test:fault')}:`;
    const app = new Oneiric({
      providerSettings: (candidate) => ({
        plain: candidate.provider === 'redis' ? { url: redis.url, keyPrefix, connectTimeoutMs: 500, commandTimeoutMs: 500 } : {},
        path: `adapters.provider_settings.${candidate.provider}`,
      }),
      ...(process.env['FAULT_DEBUG'] === '1' ? { logger: createLogger({ level: 'debug' }) } : {}),
      timeouts: { drainTimeoutMs: 1_000, cleanupTimeoutMs: 1_000 },
      circuitBreaker: {
        guarded: (domain) => domain === 'adapter',
        options: { volumeThreshold: 5, errorThresholdPercentage: 50, rollingCountTimeoutMs: WINDOW_MS, resetTimeoutMs: 500, callTimeoutMs: 500 },
      },
    });
    app.register(RedisCache, MemoryCache);
    const providers: string[] = [];
    app.onPostSwap(({ candidate }) => {
      providers.push(candidate.provider);
    });
    try {
      await app.start();
      const cache = app.use<Cache>('adapter', 'cache');
      let done = false;
      const loading = runLoad(WORKERS, 30_000, async (worker, iteration) => {
        await cache.set(`w${worker}:${iteration % 4}`, iteration, { ttlMs: 5_000 });
        await cache.get(`w${worker}:${iteration % 4}`);
      }, () => done);

      try {
        await sleep(1_000);
        await stopRedis();
        await waitFor(() => app.active('adapter', 'cache')?.provider === 'memory', 5_000, 'failover to memory');
        // Stay down across at least one half-open trial: the fail-back must fail and keep memory live.
        await sleep(1_500);
        expect(app.active('adapter', 'cache')?.provider).toBe('memory');
      } finally {
        await startRedis();
      }
      await waitFor(() => app.active('adapter', 'cache')?.provider === 'redis', 10_000, 'fail-back to redis');
      await sleep(1_000);
      done = true;
      const load = await loading;

      expect(providers).toEqual(['redis', 'memory', 'redis']);
      expect(app.breakerState('adapter', 'cache', 'redis')).toBe('closed');
      const failureBursts = bursts(load.failures, 200);
      for (const burst of failureBursts) {
        expect(burst.toMs - burst.fromMs).toBeLessThan(WINDOW_MS);
      }
      expect(load.calls).toBeGreaterThan(1_000);
      console.log(`redis failover: ${load.calls} calls, ${load.failures.length} failed, bursts ${JSON.stringify(failureBursts)}`);
      await cache.clear();
    } finally {
      await app.close();
    }
  }, 90_000);
});
