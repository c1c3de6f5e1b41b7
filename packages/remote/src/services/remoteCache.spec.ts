// Tests of RemoteCache's anti-rollback state: one floor per cache directory, never lowered, older formats still binding, strict about unreadable state, locked.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteCache } from './remoteCache.js';

let cacheDir: string;
let cache: RemoteCache;

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
      await cache.writeAccepted({ serial: 7, digest: 'd7' });
      await cache.writeAccepted({ serial: 3, digest: 'd3' });

      expect(await cache.readAccepted()).toEqual({ serial: 7, digest: 'd7' });
    });
  });

  describe('readAccepted, having a state written by an older version', () => {
    it('reads the legacy single-serial file as the floor', async () => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), '{"serial":4,"digest":"old"}');

      expect(await cache.readAccepted()).toEqual({ serial: 4, digest: 'old' });
    });

    // Finding: the floor was kept per manifest URL, so another spelling of the URL had no floor.
    // Before the fix readAccepted took a URL and answered undefined for a URL without a record;
    // now the highest per-URL record binds every URL, so an upgrade cannot lower the floor.
    it('takes the highest serial of the per-URL records, because an upgrade must not reset the floor', async () => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), JSON.stringify({ version: 2, manifests: { 'http://127.0.0.1:1/m.json': { serial: 5, digest: 'd5' }, 'http://127.0.0.1:1/m.json?cb=REDACTED': { serial: 3, digest: 'd3' } } }));

      expect(await cache.readAccepted()).toEqual({ serial: 5, digest: 'd5' });
    });

    it('migrates a per-URL file to the single floor on the next write, keeping the highest serial', async () => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), JSON.stringify({ version: 2, manifests: { a: { serial: 9, digest: 'd9' }, b: { serial: 2, digest: 'd2' } } }));

      await cache.writeAccepted({ serial: 6, digest: 'd6' });

      expect(JSON.parse(readFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), 'utf8'))).toEqual({ version: 3, accepted: { serial: 9, digest: 'd9' } });
    });

    it('reads an empty per-URL file as nothing accepted yet', async () => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), '{"version":2,"manifests":{}}');

      expect(await cache.readAccepted()).toBeUndefined();
    });
  });

  describe('readAccepted, having an unreadable state', () => {
    it.each([['{ not json'], ['{"manifests":{"x":{"serial":"one"}}}'], ['[]'], ['{"version":3,"accepted":{"serial":"one"}}'], ['{"version":3}']])('refuses %j with rollbackStateUnreadable, because only a missing file means nothing was accepted', async (text) => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), text);

      const failure = cache.readAccepted();
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

      await cache.writeAccepted({ serial: 2, digest: 'd2' });

      expect(JSON.parse(readFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), 'utf8'))).toMatchObject({ version: 3 });
      expect(await cache.readAccepted()).toEqual({ serial: 2, digest: 'd2' });
    });
  });
});
