// The behaviour every cache provider must show, run against each provider by its own suite.
import { setTimeout as sleep } from 'node:timers/promises';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { Cache } from '../cache/cache.js';

/** Registers the contract's tests; `cache()` returns the initialised provider under test. */
export function cacheContract(cache: () => Cache): void {
  describe('get and set', () => {
    it('reads back JSON values as copies', async () => {
      const value = { items: [1, 2], name: 'lamp', nested: { ok: true } };
      await cache().set('doc', value);
      const read = await cache().get<typeof value>('doc');
      expect(read).toEqual(value);
      expect(read).not.toBe(value);
    });

    it('returns undefined for a missing key', async () => {
      expect(await cache().get('missing')).toBeUndefined();
    });

    it('keeps falsy values apart from misses', async () => {
      await cache().setMany([['zero', 0], ['empty', ''], ['no', false], ['nothing', null]]);
      expect(await cache().getMany(['zero', 'empty', 'no', 'nothing', 'absent'])).toEqual([0, '', false, null, undefined]);
    });

    it('overwrites a key', async () => {
      await cache().set('k', 1);
      await cache().set('k', 2);
      expect(await cache().get('k')).toBe(2);
    });
  });

  describe('TTL', () => {
    it('expires an entry after its TTL', async () => {
      await cache().set('short', 'v', { ttlMs: 60 });
      expect(await cache().has('short')).toBe(true);
      await sleep(150);
      expect(await cache().get('short')).toBeUndefined();
      expect(await cache().has('short')).toBe(false);
    });

    it('keeps an entry written with ttlMs 0', async () => {
      await cache().set('forever', 'v', { ttlMs: 0 });
      await sleep(20);
      expect(await cache().get('forever')).toBe('v');
    });

    it('applies one TTL to a whole setMany batch', async () => {
      await cache().setMany([['b1', 1], ['b2', 2]], { ttlMs: 60 });
      expect(await cache().getMany(['b1', 'b2'])).toEqual([1, 2]);
      await sleep(150);
      expect(await cache().getMany(['b1', 'b2'])).toEqual([undefined, undefined]);
    });
  });

  describe('delete, has, clear', () => {
    it('deletes and says whether the key was there', async () => {
      await cache().set('gone', 1);
      expect(await cache().delete('gone')).toBe(true);
      expect(await cache().delete('gone')).toBe(false);
      expect(await cache().has('gone')).toBe(false);
    });

    it('clears every entry', async () => {
      await cache().setMany([['c1', 1], ['c2', 2]]);
      await cache().clear();
      expect(await cache().getMany(['c1', 'c2'])).toEqual([undefined, undefined]);
    });

    it('handles empty batches', async () => {
      await cache().setMany([]);
      expect(await cache().getMany([])).toEqual([]);
    });
  });

  describe('bad input', () => {
    // Each is AdapterError invalidArgument: the caller's mistake, reported before any I/O.
    it('rejects an empty key (invalidArgument: a key must be a non-empty string)', async () => {
      await expect(cache().get('')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(cache().set('', 1)).rejects.toBeInstanceOf(AdapterError);
    });

    it('rejects an undefined value (invalidArgument: it would read back as a miss)', async () => {
      await expect(cache().set('u', undefined)).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('rejects a value JSON cannot carry (invalidArgument: a cycle)', async () => {
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      await expect(cache().set('cyclic', cyclic)).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('rejects a negative TTL (invalidArgument) and writes nothing of a batch with a bad entry', async () => {
      await expect(cache().set('neg', 1, { ttlMs: -5 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(cache().setMany([['ok', 1], ['', 2]])).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      expect(await cache().has('ok')).toBe(false);
    });
  });

  describe('health', () => {
    it('is healthy', async () => {
      expect(await (cache() as Cache & { health(): Promise<boolean> }).health()).toBe(true);
    });
  });
}
