// Tests of ArtifactLoader with a real cache directory and an in-memory download function: sharing, digest checks, offline, progress.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogger, type CapturedLogger } from '../__fixtures__/captureLogger.js';
import { sha256Hex } from '../calculations/sha256Hex.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { AcceptedEntry } from '../models/acceptedEntry.js';
import type { ArtifactProgress } from '../models/artifactProgress.js';
import type { ManifestEntry } from '../models/manifestEntry.js';
import { ArtifactLoader } from './artifactLoader.js';
import { RemoteCache } from './remoteCache.js';

const MODULE = 'export class Cache { get() { return "remote"; } }';
const BYTES = new TextEncoder().encode(MODULE);
const SHA = sha256Hex(BYTES);
const URI = 'https://artifacts.test/cache.mjs';
const SOURCE = 'https://artifacts.test/manifest.json';

let cacheDir: string;
let cache: RemoteCache;
let audit: CapturedLogger;
let downloads: string[];
let progress: ArtifactProgress[];

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-loader-'));
  chmodSync(cacheDir, 0o700);
  cache = new RemoteCache(cacheDir);
  audit = captureLogger();
  downloads = [];
  progress = [];
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

function loaderServing(bytes: Uint8Array): ArtifactLoader {
  return new ArtifactLoader({
    cache, audit: audit.logger, importTimeoutMs: 5_000, cwd: cacheDir, onProgress: (step) => progress.push(step),
    fetchArtifact: (uri) => {
      downloads.push(uri);
      return Promise.resolve(bytes);
    },
  });
}

function accepted(provider: string, sha256 = SHA): AcceptedEntry {
  const entry = { domain: 'adapter', key: 'cache', provider, factory: '@acme/providers:Cache', uri: URI, sha256 } as ManifestEntry;
  return { id: `adapter:cache:${provider}`, index: 0, fingerprint: provider, entry, exportName: 'Cache', specifier: '@acme/providers' };
}

describe('ArtifactLoader', () => {
  describe('load, having two entries that share one artifact', () => {
    it('downloads, checks and imports it once, builds both candidates and reports progress per entry', async () => {
      const outcome = await loaderServing(BYTES).load([accepted('one'), accepted('two')], { serial: 3, source: SOURCE, offline: false });

      expect(downloads).toEqual([URI]);
      expect(outcome.digestChecks).toBe(1);
      expect(outcome.failed).toEqual([]);
      expect(outcome.loaded.map(({ input }) => [input.provider, input.metadata?.['manifestSerial']])).toEqual([['one', 3], ['two', 3]]);
      expect(progress.map(({ done, total }) => `${done}/${total}`)).toEqual(['1/2', '2/2']);
      expect(audit.lines.filter((line) => line['event'] === 'digest.verified')).toHaveLength(1);
    });
  });

  describe('load, having a download whose digest does not match', () => {
    // digestMismatch for that entry alone: the rest of the manifest still applies.
    it('fails that entry with digestMismatch, audits it and caches nothing', async () => {
      const outcome = await loaderServing(new TextEncoder().encode('export class Cache {}')).load([accepted('one')], { serial: 1, source: SOURCE, offline: false });

      expect(outcome.loaded).toEqual([]);
      expect(outcome.failed.map(({ error }) => error.kind)).toEqual([RemoteErrorKind.digestMismatch]);
      expect(audit.lines).toEqual([expect.objectContaining({ event: 'digest.mismatch', decision: 'refused', expected: SHA })]);
      expect(existsSync(cache.artifactPath(SHA, URI))).toBe(false);
    });
  });

  describe('load, having the artifact in the cache', () => {
    it('uses the cached copy without downloading', async () => {
      await loaderServing(BYTES).load([accepted('one')], { serial: 1, source: SOURCE, offline: false });
      downloads = [];

      const outcome = await loaderServing(BYTES).load([accepted('one')], { serial: 2, source: SOURCE, offline: true });

      expect(downloads).toEqual([]);
      expect(outcome.loaded).toHaveLength(1);
    });

    // Offline, a tampered cached copy cannot be replaced: digestMismatch, and the copy is removed.
    it('refuses a tampered cached copy offline and removes it', async () => {
      await loaderServing(BYTES).load([accepted('one')], { serial: 1, source: SOURCE, offline: false });
      writeFileSync(cache.artifactPath(SHA, URI), 'export class Cache { evil() {} }');

      const outcome = await loaderServing(BYTES).load([accepted('one')], { serial: 2, source: SOURCE, offline: true });

      expect(outcome.failed.map(({ error }) => error.kind)).toEqual([RemoteErrorKind.digestMismatch]);
      expect(existsSync(cache.artifactPath(SHA, URI))).toBe(false);
    });
  });

  describe('load, offline with nothing cached', () => {
    // noCachedManifest: an offline start never downloads.
    it('fails the entry with noCachedManifest without downloading', async () => {
      const outcome = await loaderServing(BYTES).load([accepted('one')], { serial: 1, source: SOURCE, offline: true });

      expect(downloads).toEqual([]);
      expect(outcome.failed.map(({ error }) => error.kind)).toEqual([RemoteErrorKind.noCachedManifest]);
    });
  });

  describe('load, having a cache directory others may write to', () => {
    // unsafeCacheDirectory fails the whole load: no artifact may be read from or written to it.
    it('rejects with unsafeCacheDirectory and audits cache.refused', async () => {
      chmodSync(cacheDir, 0o777);

      const failure = loaderServing(BYTES).load([accepted('one')], { serial: 1, source: SOURCE, offline: false });

      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.unsafeCacheDirectory });
      expect(audit.lines).toEqual([expect.objectContaining({ event: 'cache.refused', kind: RemoteErrorKind.unsafeCacheDirectory })]);
      expect(downloads).toEqual([]);
    });
  });
});
