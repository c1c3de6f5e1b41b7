import { createReadStream } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { LocalFileStorage } from './localFileStorage.js';
import { LocalFileStorageSettings } from './localFileStorageSettings.js';
import { storageContract } from '../testing/storageContract.js';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

describe('LocalFileStorage', () => {
  let base: string;
  let storage: LocalFileStorage;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'oneiric-storage-'));
    storage = new LocalFileStorage(Object.assign(new LocalFileStorageSettings(), { root: join(base, 'root') }));
    await storage.init();
  });
  afterEach(async () => {
    await storage.cleanup();
    await rm(base, { recursive: true, force: true });
  });

  describe('the storage contract', () => {
    storageContract(() => storage);
  });

  describe('put and get', () => {
    it('stores text, bytes and streams, and reads them back whole or streamed', async () => {
      await storage.put('a.txt', 'text');
      await storage.put('bin/b', new Uint8Array([1, 2, 3]));
      await storage.put('deep/c/d.txt', Readable.from([Buffer.from('str'), Buffer.from('eam')]));
      expect((await storage.get('a.txt'))?.toString()).toBe('text');
      expect([...(await storage.get('bin/b')) ?? []]).toEqual([1, 2, 3]);
      const stream = await storage.getStream('deep/c/d.txt');
      expect(stream === undefined ? undefined : await readAll(stream)).toBe('stream');
    });

    it('replaces an object and leaves no temporary file behind', async () => {
      await storage.put('x', 'one');
      await storage.put('x', 'two');
      expect((await storage.get('x'))?.toString()).toBe('two');
      expect(await readdir(join(base, 'root'))).toEqual(['x']);
    });

    it('answers undefined for a missing object, also as a stream', async () => {
      expect(await storage.get('nope')).toBeUndefined();
      expect(await storage.getStream('nope/deeper')).toBeUndefined();
    });

    it('removes the temporary file when the source stream fails', async () => {
      const failing = new Readable({ read() { this.destroy(new Error('source broke')); } });
      await expect(storage.put('broken', failing)).rejects.toThrow('source broke');
      expect(await storage.list()).toEqual([]);
      expect(await readdir(join(base, 'root'))).toEqual([]);
    });
    it('rethrows a system error of an async-iterable body as it is, not as a storage failure (the body broke, not the disk)', async () => {
      async function* body(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('a');
        await readFile(join(base, 'no-such-input'));
      }

      const error = await storage.put('x/y.txt', body()).catch((caught: unknown) => caught);
      expect(error).not.toBeInstanceOf(AdapterError);
      expect(error).toMatchObject({ code: 'ENOENT' });
      expect(await storage.list()).toEqual([]);
    });

    it('survives a body stream that fails while the key is being checked (no unhandled error), rethrowing its error', async () => {
      // A read stream of a missing file fails on its own, during put's first await.
      const error = await storage.put('early/fail.txt', createReadStream(join(base, 'missing-input'))).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ENOENT' });
      expect(error).not.toBeInstanceOf(AdapterError);
    });
  });

  describe('delete, exists, list', () => {
    it('lists keys sorted, by prefix, and reports deletions', async () => {
      await storage.put('b/2', '2');
      await storage.put('a/1', '1');
      await storage.put('b/1', '1');
      expect(await storage.list()).toEqual(['a/1', 'b/1', 'b/2']);
      expect(await storage.list('b/')).toEqual(['b/1', 'b/2']);
      expect(await storage.exists('a/1')).toBe(true);
      expect(await storage.delete('a/1')).toBe(true);
      expect(await storage.delete('a/1')).toBe(false);
      expect(await storage.exists('a/1')).toBe(false);
      expect(await storage.exists('b')).toBe(false);
    });

    it('is healthy while its root exists', async () => {
      expect(await storage.health()).toBe(true);
    });
  });

  describe('bad keys', () => {
    // pathOutsideRoot: the key tries to climb out of the root; invalidArgument: it is malformed.
    it.each([
      ['../escape', AdapterErrorKind.pathOutsideRoot],
      ['a/../../escape', AdapterErrorKind.pathOutsideRoot],
      ['./a', AdapterErrorKind.pathOutsideRoot],
      ['/etc/passwd', AdapterErrorKind.invalidArgument],
      ['a\\..\\b', AdapterErrorKind.invalidArgument],
      ['a\0b', AdapterErrorKind.invalidArgument],
      ['a//b', AdapterErrorKind.invalidArgument],
      ['a/', AdapterErrorKind.invalidArgument],
      ['', AdapterErrorKind.invalidArgument],
    ])('refuses %j with AdapterError %s', async (key, kind) => {
      await expect(storage.put(key, 'x')).rejects.toMatchObject({ kind });
      await expect(storage.get(key)).rejects.toMatchObject({ kind });
    });

    it('refuses a key that reaches outside through a planted symbolic link (pathOutsideRoot)', async () => {
      await mkdir(join(base, 'outside'));
      await writeFile(join(base, 'outside', 'secret'), 'secret');
      await symlink(join(base, 'outside'), join(base, 'root', 'link'));
      await symlink(join(base, 'outside', 'secret'), join(base, 'root', 'file-link'));
      await expect(storage.get('link/secret')).rejects.toMatchObject({ kind: AdapterErrorKind.pathOutsideRoot });
      await expect(storage.put('link/new', 'x')).rejects.toMatchObject({ kind: AdapterErrorKind.pathOutsideRoot });
      await expect(storage.get('file-link')).rejects.toMatchObject({ kind: AdapterErrorKind.pathOutsideRoot });
    });
  });

  describe('put', () => {
    it('refuses a nested key under a planted symbolic link with AdapterError pathOutsideRoot and creates nothing outside (no directory is made through the link)', async () => {
      const outside = join(base, 'outside');
      await mkdir(outside);
      await symlink(outside, join(base, 'root', 'link'));
      const attempt = storage.put('link/a/b/c.txt', 'x');
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.pathOutsideRoot });
      expect(await readdir(outside)).toEqual([]);
    });

    it('refuses a key through a symbolic link deeper in the path with AdapterError pathOutsideRoot, even one pointing inside the root (links are never followed)', async () => {
      await mkdir(join(base, 'root', 'real'));
      await symlink(join(base, 'root', 'real'), join(base, 'root', 'alias'));
      const attempt = storage.put('alias/x/y.txt', 'x');
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.pathOutsideRoot });
      expect(await readdir(join(base, 'root', 'real'))).toEqual([]);
    });

    it('creates missing directories one level at a time and stores the object', async () => {
      await storage.put('d1/d2/d3/file.txt', 'deep');
      expect((await storage.get('d1/d2/d3/file.txt'))?.toString('utf8')).toBe('deep');
      expect(await storage.list('d1/')).toEqual(['d1/d2/d3/file.txt']);
    });
  });

  describe('after cleanup', () => {
    it('refuses calls with AdapterError notReady', async () => {
      await storage.cleanup();
      await expect(storage.get('a')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });

  describe('keys the file system refuses', () => {
    it('refuses a key segment of 300 characters with AdapterError invalidArgument, keeping the ENAMETOOLONG error as cause (a file name is at most 255 bytes)', async () => {
      const key = `reports/${'x'.repeat(300)}`;
      const write = storage.put(key, 'data');
      await expect(write).rejects.toBeInstanceOf(AdapterError);
      await expect(write).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, cause: expect.objectContaining({ code: 'ENAMETOOLONG' }) });
      // Reading it fails the same way (lstat of the path): it is bad input, not a missing object.
      await expect(storage.get(key)).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, cause: expect.objectContaining({ code: 'ENAMETOOLONG' }) });
      expect(await storage.list()).toEqual([]);
    });

    it('refuses a key under another object\'s key with AdapterError invalidArgument, keeping the ENOTDIR error as cause (a file cannot also be a directory)', async () => {
      await storage.put('a', 'file');
      const write = storage.put('a/b', 'nested');
      await expect(write).rejects.toBeInstanceOf(AdapterError);
      await expect(write).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, cause: expect.objectContaining({ code: 'ENOTDIR' }) });
      expect(await storage.list()).toEqual(['a']);
    });

    it('refuses a key that names a directory of other keys with AdapterError invalidArgument, keeping the EISDIR error as cause; delete answers false for it (there is no such object)', async () => {
      await storage.put('d/x', 'inside');
      const write = storage.put('d', 'over the directory');
      await expect(write).rejects.toBeInstanceOf(AdapterError);
      await expect(write).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, cause: expect.objectContaining({ code: 'EISDIR' }) });
      expect(await storage.delete('d')).toBe(false);
      expect(await storage.list()).toEqual(['d/x']);
      expect(await readdir(join(base, 'root', 'd'))).toEqual(['x']);
    });
  });

  describe('key normalisation and reserved names', () => {
    // Failed before the fix: put accepted it (exists() said true) but list() hid it as a temporary file.
    it.each(['.oneiric-tmp-x', 'dir/.oneiric-tmp-1234'])('refuses %j, named like a temporary file, with AdapterError invalidArgument', async (key) => {
      await expect(storage.put(key, 'x')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(storage.exists(key)).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      expect(await storage.list()).toEqual([]);
    });

    it('accepts the temporary prefix in a directory segment, or not at the start of the last one', async () => {
      await storage.put('.oneiric-tmp-dir/x', '1');
      await storage.put('a.oneiric-tmp-b', '2');
      expect(await storage.list()).toEqual(['.oneiric-tmp-dir/x', 'a.oneiric-tmp-b']);
    });

    // Failed before the fix: NFD and NFC "café" were two keys (two files), one of which list() showed twice over.
    it('normalises keys to NFC, so the NFD and NFC spellings name one object', async () => {
      const nfd = 'menu/cafe\u0301.txt';
      const nfc = 'menu/caf\u00e9.txt';
      await storage.put(nfd, 'one');
      await storage.put(nfc, 'two');
      expect((await storage.get(nfd))?.toString()).toBe('two');
      expect(await storage.list()).toEqual([nfc]);
      expect(await storage.list('menu/cafe\u0301')).toEqual([nfc]);
      expect(await storage.delete(nfd)).toBe(true);
      expect(await storage.exists(nfc)).toBe(false);
    });
  });

  describe('with the file system root as root', () => {
    // Failed before the fix: the containment check was `path.startsWith(root + sep)`, i.e. `//`, so every key was pathOutsideRoot.
    it('accepts keys (reads only here: nothing is written under /)', async () => {
      const rootStorage = new LocalFileStorage(Object.assign(new LocalFileStorageSettings(), { root: '/' }));
      await rootStorage.init();
      const relative = join(base, 'root', 'probe.txt').slice(1);
      await storage.put('probe.txt', 'seen from /');
      expect((await rootStorage.get(relative))?.toString()).toBe('seen from /');
      expect(await rootStorage.exists(`${relative}-missing`)).toBe(false);
      await rootStorage.cleanup();
    });
  });

  describe('when the root directory disappears', () => {
    it('fails list with AdapterError fileSystemFailed, keeping the ENOENT error as cause (the provider\'s own directory is gone, not a key)', async () => {
      await rm(join(base, 'root'), { recursive: true });
      const listing = storage.list();
      await expect(listing).rejects.toBeInstanceOf(AdapterError);
      await expect(listing).rejects.toMatchObject({ kind: AdapterErrorKind.fileSystemFailed, cause: expect.objectContaining({ code: 'ENOENT' }) });
    });
  });
});
