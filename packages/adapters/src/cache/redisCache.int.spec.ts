import { startRelay } from '../testing/tcpRelay.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { cacheContract } from '../testing/cacheContract.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { RedisCache } from './redisCache.js';
import { RedisCacheSettings } from './redisCacheSettings.js';

const redis = await probeService('redis');

function settings(overrides: Partial<RedisCacheSettings> = {}): RedisCacheSettings {
  return Object.assign(new RedisCacheSettings(), { url: redis.url, keyPrefix: `${uniqueName('test:cache')}:` }, overrides);
}

describeWithService(redis, 'RedisCache against a live Redis', () => {
  let cache: RedisCache;
  beforeEach(async () => {
    cache = new RedisCache(settings());
    await cache.init();
  });
  afterEach(async () => {
    await cache.clear();
    await cache.cleanup();
  });

  describe('the cache contract', () => {
    cacheContract(() => cache);
  });

  describe('get of a value another program wrote', () => {
    it('fails with AdapterError invalidData keeping the parse error as cause (the value is not JSON, so it cannot be returned)', async () => {
      const prefix = settings().keyPrefix;
      const own = new RedisCache(settings({ keyPrefix: prefix }));
      await own.init();
      const { Redis } = await import('ioredis');
      const admin = new Redis(redis.url);
      try {
        await admin.set(`${prefix}raw`, 'not json {');
        const attempt = own.get('raw');
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.invalidData, cause: expect.any(SyntaxError) });
      } finally {
        await admin.del(`${prefix}raw`);
        admin.disconnect();
        await own.cleanup();
      }
    });
  });

  describe('failures of the server or the connection', () => {
    it('fails get of a key holding a list with AdapterError invalidData, keeping the WRONGTYPE reply as cause (another program wrote another type under the cache\'s key)', async () => {
      const prefix = settings().keyPrefix;
      const own = new RedisCache(settings({ keyPrefix: prefix }));
      await own.init();
      const { Redis } = await import('ioredis');
      const admin = new Redis(redis.url);
      try {
        await admin.rpush(`${prefix}listed`, 'a', 'b');
        const attempt = own.get('listed');
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({
          kind: AdapterErrorKind.invalidData,
          cause: expect.objectContaining({ name: 'ReplyError', message: expect.stringMatching(/^WRONGTYPE/) }),
        });
      } finally {
        await admin.del(`${prefix}listed`);
        admin.disconnect();
        await own.cleanup();
      }
    });

    it('fails a command whose reply does not come within commandTimeoutMs with AdapterError timeout, keeping ioredis\'s "Command timed out" as cause (the relay holds the reply back)', async () => {
      const relay = await startRelay(redis.url);
      const slow = new RedisCache(settings({ url: relay.url, commandTimeoutMs: 100 }));
      try {
        await slow.init();
        await slow.set('k', 1);
        relay.freeze();
        const attempt = slow.set('k', 2);
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.timeout, cause: expect.objectContaining({ message: 'Command timed out' }) });
      } finally {
        await slow.cleanup();
        await relay.close();
      }
    });

    it('fails a command caught in flight by a disconnect with AdapterError connectionFailed, keeping the client\'s error as cause (the relay drops the connection before the reply)', async () => {
      const relay = await startRelay(redis.url);
      const dropped = new RedisCache(settings({ url: relay.url, commandTimeoutMs: 5_000 }));
      try {
        await dropped.init();
        relay.freeze();
        const attempt = dropped.get('k');
        // Let the command reach the relay before the connection goes.
        await sleep(50);
        relay.cut();
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed, cause: expect.any(Error) });
        // While it reconnects, calls are refused at once, still as connectionFailed.
        await expect(dropped.get('k')).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
      } finally {
        await dropped.cleanup();
        await relay.close();
      }
    });
  });

  describe('clear', () => {
    it('removes only its own namespace', async () => {
      const neighbour = new RedisCache(settings());
      await neighbour.init();
      try {
        await neighbour.set('kept', 1);
        await cache.set('dropped', 1);
        await cache.clear();
        expect(await neighbour.get('kept')).toBe(1);
        expect(await cache.get('dropped')).toBeUndefined();
      } finally {
        await neighbour.clear();
        await neighbour.cleanup();
      }
    });

    it('treats glob characters in the prefix literally', async () => {
      const globbed = new RedisCache(settings({ keyPrefix: `${uniqueName('test:glob')}*[x]:` }));
      await globbed.init();
      try {
        await globbed.set('a', 1);
        await globbed.clear();
        expect(await globbed.has('a')).toBe(false);
      } finally {
        await globbed.cleanup();
      }
    });
  });

  describe('when it was never initialised', () => {
    it('refuses calls with AdapterError notReady (there is no connection to use)', async () => {
      const idle = new RedisCache(settings());
      await expect(idle.get('a')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });

  describe('when the server cannot be reached', () => {
    it('fails init with AdapterError connectionFailed (nothing listens on the port)', async () => {
      // Port 1 on loopback: nothing listens there, so the connection is refused at once.
      const unreachable = new RedisCache(settings({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 300 }));
      await expect(unreachable.init()).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
      await unreachable.cleanup();
    });
  });

  describe('cleanup', () => {
    it('closes the connection and is safe to call twice', async () => {
      const other = new RedisCache(settings());
      await other.init();
      await other.cleanup();
      await other.cleanup();
      await expect(other.get('a')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });
});
