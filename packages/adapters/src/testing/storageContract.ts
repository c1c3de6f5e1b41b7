// The behaviour every storage provider must show, run against each provider by its own suite.
import { Readable } from 'node:stream';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { Storage } from '../storage/storage.js';

/** Reads a stream to the end. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Registers the contract's tests; `storage()` returns the initialised provider under test, holding no objects yet. */
export function storageContract(storage: () => Storage): void {
  describe('put, get, stream', () => {
    it('stores text, bytes and streams and reads them back whole or streamed', async () => {
      await storage().put('c/a.txt', 'text');
      await storage().put('c/bin/b', new Uint8Array([0, 1, 255]));
      await storage().put('c/deep/s.txt', Readable.from([Buffer.from('str'), Buffer.from('eam')]));
      expect((await storage().get('c/a.txt'))?.toString('utf8')).toBe('text');
      expect([...(await storage().get('c/bin/b')) ?? []]).toEqual([0, 1, 255]);
      const stream = await storage().getStream('c/deep/s.txt');
      expect(stream === undefined ? undefined : (await readAll(stream)).toString('utf8')).toBe('stream');
    });

    it('replaces an object', async () => {
      await storage().put('r/x', 'one');
      await storage().put('r/x', 'two');
      expect((await storage().get('r/x'))?.toString('utf8')).toBe('two');
    });

    it('answers undefined for a missing object, also as a stream and for metadata', async () => {
      expect(await storage().get('m/nope')).toBeUndefined();
      expect(await storage().getStream('m/nope')).toBeUndefined();
      expect(await storage().metadata('m/nope')).toBeUndefined();
      expect(await storage().exists('m/nope')).toBe(false);
    });

    it('reports the size and time of an object', async () => {
      const before = Date.now();
      await storage().put('meta/doc', 'twelve bytes');
      const metadata = await storage().metadata('meta/doc');
      expect(metadata?.size).toBe(12);
      // Services keep whole seconds: a minute of slack either way for clocks apart.
      expect(Math.abs((metadata?.lastModified.getTime() ?? 0) - before)).toBeLessThan(60_000);
    });
  });

  describe('list, listPage, delete, exists', () => {
    it('lists keys under a prefix, sorted', async () => {
      await Promise.all(['l/b', 'l/a', 'l/sub/c', 'lz'].map(async (key) => storage().put(key, key)));
      expect(await storage().list('l/')).toEqual(['l/a', 'l/b', 'l/sub/c']);
      expect(await storage().list('l/s')).toEqual(['l/sub/c']);
      expect(await storage().list('nothing/')).toEqual([]);
    });

    it('pages through a listing with cursors, each key once', async () => {
      const keys = Array.from({ length: 7 }, (_, index) => `p/k${index}`);
      await Promise.all(keys.map(async (key) => storage().put(key, key)));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await storage().listPage('p/', cursor === undefined ? { limit: 3 } : { limit: 3, cursor });
        expect(page.keys.length).toBeLessThanOrEqual(3);
        seen.push(...page.keys);
        cursor = page.cursor;
        pages += 1;
      } while (cursor !== undefined && pages < 10);
      expect(seen).toEqual(keys);
      expect(pages).toBe(3);
    });

    it('refuses a page limit outside 1 to 1000', async () => {
      await expect(storage().listPage('p/', { limit: 0 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(storage().listPage('p/', { limit: 1001 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('deletes and says whether the object existed', async () => {
      await storage().put('d/x', 'x');
      expect(await storage().exists('d/x')).toBe(true);
      expect(await storage().delete('d/x')).toBe(true);
      expect(await storage().delete('d/x')).toBe(false);
      expect(await storage().exists('d/x')).toBe(false);
    });
  });

  describe('keys', () => {
    it('refuses keys that could climb out or are malformed, before any call', async () => {
      for (const key of ['', '/abs', 'a//b', 'a/../b', 'nul\0', 'back\\slash']) {
        const error = await storage().put(key, 'x').then(() => undefined, (caught: unknown) => caught);
        expect(error).toBeInstanceOf(AdapterError);
        expect([AdapterErrorKind.invalidArgument, AdapterErrorKind.pathOutsideRoot]).toContain((error as AdapterError).kind);
      }
    });

    it('keeps unicode keys apart and reads them back', async () => {
      await storage().put('u/café ☕.txt', 'coffee');
      expect((await storage().get('u/café ☕.txt'))?.toString('utf8')).toBe('coffee');
      expect(await storage().list('u/')).toEqual(['u/café ☕.txt']);
    });
  });
}
