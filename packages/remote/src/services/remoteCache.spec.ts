// Tests of RemoteCache's anti-rollback state: keyed, never lowered, strict about unreadable state, locked.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteCache, rollbackKey } from './remoteCache.js';

let cacheDir: string;
let cache: RemoteCache;
const KEY = rollbackKey('https://example.test/manifest.json');

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-cache-'));
  cache = new RemoteCache(cacheDir);
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('RemoteCache', () => {
  describe('writeAccepted, having a higher serial stored', () => {
    it('keeps the higher serial, because the state must never go down', async () => {
      await cache.writeAccepted(KEY, { serial: 7, digest: 'd7' });
      await cache.writeAccepted(KEY, { serial: 3, digest: 'd3' });

      expect(await cache.readAccepted(KEY)).toEqual({ serial: 7, digest: 'd7' });
    });
  });

  describe('readAccepted, having serials of several manifest URLs', () => {
    it('answers per key, and applies a legacy single-serial file to every key', async () => {
      await cache.writeAccepted(KEY, { serial: 7, digest: 'd7' });

      expect(await cache.readAccepted(rollbackKey('https://other.test/manifest.json'))).toBeUndefined();
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), '{"serial":4,"digest":"old"}');
      expect(await cache.readAccepted(KEY)).toEqual({ serial: 4, digest: 'old' });
    });
  });

  describe('readAccepted, having an unreadable state', () => {
    it.each([['{ not json'], ['{"manifests":{"x":{"serial":"one"}}}'], ['[]']])('refuses %j with rollbackStateUnreadable, because only a missing file means nothing was accepted', async (text) => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), text);

      const failure = cache.readAccepted(KEY);
      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.rollbackStateUnreadable });
    });
  });

  describe('writeAccepted, having a stale lock left by a dead process', () => {
    it('removes the stale lock and writes, because a crash must not block updates forever', async () => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      const lock = join(cacheDir, 'remote', 'anti_rollback.json.lock');
      writeFileSync(lock, '');
      const old = new Date(Date.now() - 120_000);
      utimesSync(lock, old, old);

      await cache.writeAccepted(KEY, { serial: 2, digest: 'd2' });

      expect(JSON.parse(readFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), 'utf8'))).toMatchObject({ version: 2 });
      expect(await cache.readAccepted(KEY)).toEqual({ serial: 2, digest: 'd2' });
    });
  });
});
