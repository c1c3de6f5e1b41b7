import { cacheContract } from '../testing/cacheContract.js';
import { MemoryCache } from './memoryCache.js';
import { MemoryCacheSettings } from './memoryCacheSettings.js';

function settings(overrides: Partial<MemoryCacheSettings> = {}): MemoryCacheSettings {
  return Object.assign(new MemoryCacheSettings(), overrides);
}

describe('MemoryCache', () => {
  let cache: MemoryCache;
  beforeEach(() => {
    cache = new MemoryCache(settings());
  });

  describe('the cache contract', () => {
    cacheContract(() => cache);
  });

  describe('when more entries are written than maxEntries', () => {
    it('evicts the least recently used entry', async () => {
      const small = new MemoryCache(settings({ maxEntries: 2 }));
      await small.set('a', 1);
      await small.set('b', 2);
      await small.get('a'); // a is now more recent than b
      await small.set('c', 3);
      expect(await small.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
      expect(small.size).toBe(2);
    });
  });

  describe('having a default TTL', () => {
    it('applies it to writes without their own TTL', async () => {
      const expiring = new MemoryCache(settings({ defaultTtlMs: 40 }));
      await expiring.set('a', 1);
      await expiring.set('b', 2, { ttlMs: 0 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await expiring.getMany(['a', 'b'])).toEqual([undefined, 2]);
    });
  });

  describe('cleanup', () => {
    it('drops every entry', async () => {
      await cache.set('a', 1);
      await cache.cleanup();
      expect(cache.size).toBe(0);
    });
  });
});
