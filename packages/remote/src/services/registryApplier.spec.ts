// Tests of RegistryApplier with a real application and cache directory and a stand-in loader: one-step registry change, retraction, unchanged re-apply, kept registrations, abort.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger, Oneiric } from '@oneiric/core';
import { captureLogger, type CapturedLogger } from '../__fixtures__/captureLogger.js';
import { NOW, signedBy, testKey } from '../__fixtures__/testKeys.js';
import { candidateFromEntry } from '../calculations/candidateFromEntry.js';
import { parseManifest } from '../calculations/parseManifest.js';
import { verifyManifest } from '../calculations/verifyManifest.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { AcceptedEntry } from '../models/acceptedEntry.js';
import type { VerifiedManifest } from '../models/verifiedManifest.js';
import type { LoadOutcome } from './artifactLoader.js';
import { RegistryApplier } from './registryApplier.js';
import { RemoteCache } from './remoteCache.js';

const alice = testKey(1);
const ORIGIN = { source: 'https://r.test/m.json', offline: false };

let cacheDir: string;
let cache: RemoteCache;
let audit: CapturedLogger;
let loadedIds: string[][];
// Providers whose load fails in the stand-in loader.
let failing: Set<string>;

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-applier-'));
  cache = new RemoteCache(cacheDir);
  audit = captureLogger();
  loadedIds = [];
  failing = new Set();
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

// Loads every entry as a plain object factory, except the providers in `failing`.
const loader = {
  load: (entries: readonly AcceptedEntry[], origin: { serial: number }): Promise<LoadOutcome> => {
    loadedIds.push(entries.map((item) => item.id));
    const ok = entries.filter((item) => !failing.has(item.entry.provider));
    const failed = entries.filter((item) => failing.has(item.entry.provider)).map((item) => ({ item, error: new RemoteError(RemoteErrorKind.digestMismatch, `artifact of ${item.id} does not match its sha256`) }));
    const loaded = ok.map((item) => ({ item, input: candidateFromEntry(item.entry, { kind: 'function', build: () => ({ provider: item.entry.provider }) }, { serial: origin.serial }) }));
    return Promise.resolve({ loaded, failed, digestChecks: 0 });
  },
};

// Entry `index` has priority `index + priorityOffset`: another offset changes every entry's fingerprint.
function verified(serial: number, providers: readonly string[], priorityOffset = 0): VerifiedManifest {
  const entries = providers.map((provider, index) => ({ domain: 'adapter', key: `key-${provider}`, provider, factory: '@acme/providers:Thing', priority: index + priorityOffset }));
  return verifyManifest(parseManifest(JSON.stringify(signedBy({ serial, entries }, alice, { expiresInMs: 3_600_000 }))), { trustedKeys: [alice.trusted] }, NOW);
}

async function startedApp(): Promise<Oneiric> {
  const app = new Oneiric({ logger: createSilentLogger() });
  await app.start();
  return app;
}

function applierFor(app: Oneiric): RegistryApplier {
  return new RegistryApplier({ app, loader, cache, factoryAllowlist: ['@acme/providers'], activationTimeoutMs: 5_000, logger: createSilentLogger(), audit: audit.logger, now: () => NOW });
}

function remoteProviders(app: Oneiric): string[] {
  return ['one', 'two', 'three'].filter((provider) => app.active('adapter', `key-${provider}`)?.provider === provider);
}

describe('RegistryApplier', () => {
  describe('apply, having a manifest that drops an entry', () => {
    it('registers the new, leaves the unchanged alone and retracts the dropped one', async () => {
      const app = await startedApp();
      const applier = applierFor(app);
      await applier.apply(verified(1, ['one', 'two']), ORIGIN, new AbortController().signal);

      const result = await applier.apply(verified(2, ['one', 'three']), ORIGIN, new AbortController().signal);

      expect(result).toMatchObject({ serial: 2, registered: ['adapter:key-three:three'], unchanged: ['adapter:key-one:one'], retracted: ['adapter:key-two:two'] });
      expect(loadedIds).toEqual([['adapter:key-one:one', 'adapter:key-two:two'], ['adapter:key-three:three']]);
      expect(remoteProviders(app)).toEqual(['one', 'three']);
      expect(await cache.readAccepted()).toMatchObject({ serial: 2 });
      await app.close();
    });
  });

  describe('apply, having the same manifest again', () => {
    it('loads nothing and reports every entry unchanged', async () => {
      const app = await startedApp();
      const applier = applierFor(app);
      const manifest = verified(1, ['one', 'two']);
      await applier.apply(manifest, ORIGIN, new AbortController().signal);

      const result = await applier.apply(manifest, ORIGIN, new AbortController().signal);

      expect(result).toMatchObject({ registered: [], retracted: [], unchanged: ['adapter:key-one:one', 'adapter:key-two:two'] });
      expect(loadedIds).toHaveLength(1);
      await app.close();
    });
  });

  describe('apply, having a changed entry whose load fails', () => {
    // digestMismatch for that entry alone: its earlier registration stays live, the reason says
    // so, and the same manifest is loaded again next time rather than short-cut.
    it('keeps the earlier registration, reports the skip and retries the load on the same manifest', async () => {
      const app = await startedApp();
      const applier = applierFor(app);
      await applier.apply(verified(1, ['one']), ORIGIN, new AbortController().signal);
      failing.add('one');
      const changed = verified(2, ['one', 'two'], 5);

      const result = await applier.apply(changed, ORIGIN, new AbortController().signal);
      await applier.apply(changed, ORIGIN, new AbortController().signal);

      expect(result.skipped).toEqual([{ id: 'adapter:key-one:one', index: 0, kind: RemoteErrorKind.digestMismatch, reason: 'artifact of adapter:key-one:one does not match its sha256; the registration from an earlier manifest is kept' }]);
      expect(result.perDomain).toEqual({ adapter: 2 });
      expect(remoteProviders(app)).toEqual(['one', 'two']);
      expect(loadedIds.at(-1)).toEqual(['adapter:key-one:one']);
      expect(audit.lines.filter((line) => line['message'] === 'manifest entry skipped')).toHaveLength(2);
      await app.close();
    });
  });

  describe('apply, having an aborted signal (the sync ran past its time limit)', () => {
    it('rejects with the abort reason and changes neither the registry nor the cache', async () => {
      const app = await startedApp();
      const controller = new AbortController();
      controller.abort(new RemoteError(RemoteErrorKind.timeout, 'too slow'));

      await expect(applierFor(app).apply(verified(1, ['one']), ORIGIN, controller.signal)).rejects.toMatchObject({ kind: RemoteErrorKind.timeout });
      expect(remoteProviders(app)).toEqual([]);
      expect(await cache.readAccepted()).toBeUndefined();
      await app.close();
    });
  });
});
