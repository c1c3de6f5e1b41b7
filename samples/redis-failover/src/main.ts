/**
 * Redis failover: with REDIS_URL set, the `cache` key runs on Redis behind a circuit breaker;
 * the sample makes Redis stop answering for a moment (CLIENT PAUSE), and the key fails over to
 * the memory cache, then back to Redis once it answers again. Without REDIS_URL it runs on the
 * embedded memory cache only.
 *
 * CLIENT PAUSE stops every client of that Redis server, not only this sample's, so the outage
 * is only staged with SAMPLE_ALLOW_PAUSE=1 (use a Redis nothing else depends on); without it the
 * sample says how to enable it and only shows Redis serving.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Oneiric } from '@oneiric/core';
import { cacheKey, MemoryCache, RedisCache } from '@oneiric/adapters';

const WORKERS = 16;
const PAUSE_MS = 3_000;
const redisUrl = process.env['REDIS_URL'];
const allowPause = process.env['SAMPLE_ALLOW_PAUSE'] === '1';

const app = new Oneiric({
  providerSettings: (candidate) => ({
    plain: candidate.provider === 'redis' ? { url: redisUrl, keyPrefix: `sample:failover:${process.pid}:`, commandTimeoutMs: 300 } : {},
    path: `adapters.provider_settings.${candidate.provider}`,
  }),
  circuitBreaker: {
    guarded: (domain) => domain === 'adapter',
    options: { volumeThreshold: 5, errorThresholdPercentage: 50, rollingCountTimeoutMs: 1_000, resetTimeoutMs: 1_000, callTimeoutMs: 500 },
  },
});
app.register(...(redisUrl === undefined ? [MemoryCache] : [RedisCache, MemoryCache]));
app.onPostSwap(({ candidate, previous }) => {
  console.log(`  [${new Date().toISOString().slice(11, 23)}] cache is now ${candidate.provider}${previous === undefined ? '' : ' (swapped)'}`);
});
await app.start();
const cache = app.use(cacheKey); // typed Cache

if (redisUrl === undefined) {
  await cache.set('greeting', 'hello', { ttlMs: 1_000 });
  console.log(`REDIS_URL is not set: running on the embedded memory cache; read back ${JSON.stringify(await cache.get('greeting'))}.`);
  console.log('Set REDIS_URL=redis://127.0.0.1:6379 to see the failover to memory and back.');
  await app.close();
} else if (!allowPause) {
  try {
    await cache.set('greeting', 'hello', { ttlMs: 1_000 });
    console.log(`Serving on ${app.active('adapter', 'cache')?.provider}; read back ${JSON.stringify(await cache.get('greeting'))}.`);
    console.log('The failover demo pauses EVERY client of this Redis server (CLIENT PAUSE ... ALL) for 3 s.');
    console.log('Run it only against a Redis nothing else uses: SAMPLE_ALLOW_PAUSE=1 REDIS_URL=... npm start');
    await cache.delete('greeting');
  } finally {
    await app.close();
  }
} else {
  console.log(`Serving with ${WORKERS} workers on ${app.active('adapter', 'cache')?.provider}; Redis will stop answering for ${PAUSE_MS} ms.`);
  let running = true;
  let calls = 0;
  let failed = 0;
  const servedBy = new Map<string, number>();
  const workers = Array.from({ length: WORKERS }, async (_, worker) => {
    for (let index = 0; running; index += 1) {
      const provider = app.active('adapter', 'cache')?.provider ?? 'none';
      try {
        await cache.set(`w${worker}`, index, { ttlMs: 10_000 });
        await cache.get(`w${worker}`);
        servedBy.set(provider, (servedBy.get(provider) ?? 0) + 1);
      } catch {
        failed += 1;
      }
      calls += 1;
      await sleep(2);
    }
  });
  // A separate connection pauses every client of the server (allowed by SAMPLE_ALLOW_PAUSE=1).
  const admin = new Redis(redisUrl, { lazyConnect: true });
  let paused = false;
  try {
    await admin.connect();
    await sleep(500);
    console.log(`  [${new Date().toISOString().slice(11, 23)}] CLIENT PAUSE ${PAUSE_MS}: Redis stops answering`);
    await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
    paused = true;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(app.status('adapter', 'cache').successfulSwaps >= 3 && app.active('adapter', 'cache')?.provider === 'redis')) {
      await sleep(50);
    }
    await sleep(300);
  } finally {
    running = false;
    await Promise.all(workers);
    if (paused) {
      // Ends the pause at once should the sample stop early (Redis 6.2+; otherwise it expires).
      await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
    }
    admin.disconnect();
  }
  try {
    console.log(`\n${calls} calls, ${failed} failed while the breaker was deciding.`);
    console.log(`Served by: ${[...servedBy].map(([provider, count]) => `${provider} ${count}`).join(', ')}`);
    console.log(`Now on: ${app.active('adapter', 'cache')?.provider}`);
    await cache.clear();
  } finally {
    await app.close();
  }
}
