// Integration tests of RemoteSync against a real HTTP server on 127.0.0.1: verification, artifacts, retraction, cache, failures.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Oneiric } from '@oneiric/core';
import { alice, artifact, auditLines, auditLogger, baseUrl, cacheDir, entry, kindOf, localMemoryCache, remoteFor, requests, routes, serveManifest, TOKEN, useManifestServer, waitFor } from '../__fixtures__/remoteSyncHarness.js';
import { signedBy, testKey } from '../__fixtures__/testKeys.js';
import { parseRemoteSettings } from '../config/parseRemoteSettings.js';
import { RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteSync } from './remoteSync.js';

useManifestServer();

describe('RemoteSync', () => {
  describe('sync, having a signed manifest with an artifact', () => {
    it('verifies, downloads, imports and registers the artifact\'s export as the candidate\'s factory', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      const served = artifact('remote');
      serveManifest(1, [entry('remote-redis', served)]);

      const result = await remote.sync();
      await app.start();

      expect(result).toMatchObject({ serial: 1, offline: false, registered: ['adapter:cache:remote-redis'], digestChecks: 1, signerKeyIds: [alice.trusted.keyId] });
      expect(app.use<{ get(key: string): string }>('adapter', 'cache').get('x')).toBe('remote:x');
      expect(app.resolve('adapter', 'cache')).toMatchObject({ source: 'remote-manifest', metadata: { sha256: served.sha256, manifestSerial: 1 } });
      expect(readdirSync(join(cacheDir, 'remote', 'artifacts'))).toEqual([expect.stringMatching(new RegExp(`^${served.sha256}-cache-\\d+\\.mjs$`))]);
      await app.close();
      remote.close();
    });

    it('sends the auth header to the manifest\'s origin but never writes it to the audit log or the status file', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      serveManifest(1, [entry('remote-redis', artifact('remote'))]);

      await remote.sync();

      expect(requests.every((request) => request.authorization === TOKEN)).toBe(true);
      expect(JSON.stringify(auditLines)).not.toContain('super-secret');
      expect(readFileSync(join(cacheDir, 'remote_status.json'), 'utf8')).not.toContain('super-secret');
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'signature.accepted', decision: 'accepted', serial: 1 }));
      remote.close();
    });

    it('uses a function export as a factory function', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      serveManifest(1, [entry('remote-made', artifact('fn'), { factory: '@acme/providers:makeCache' })]);

      await remote.sync();
      await app.start();

      expect(app.use<{ get(key: string): string }>('adapter', 'cache').get('y')).toBe('made-fn:y');
      await app.close();
      remote.close();
    });

    it('skips an entry whose named export is not a function (artifactLoadFailed), registering it not, and applies the rest', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      serveManifest(1, [entry('remote-bad', artifact('bad'), { factory: '@acme/providers:notAFunction' }), { ...entry('good', artifact('good')), key: 'other' }]);

      const result = await remote.sync();

      expect(result.registered).toEqual(['adapter:other:good']);
      expect(result.skipped).toEqual([expect.objectContaining({ id: 'adapter:cache:remote-bad', index: 0, kind: RemoteErrorKind.artifactLoadFailed })]);
      expect(app.resolve('adapter', 'cache')).toBeUndefined();
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'artifact.refused', decision: 'refused', id: 'adapter:cache:remote-bad', kind: RemoteErrorKind.artifactLoadFailed }));
      remote.close();
    });
  });

  describe('sync, having refused content', () => {
    it('skips an entry whose artifact does not match the sha256 (digestMismatch), before writing or importing it', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      const served = artifact('remote');
      serveManifest(1, [entry('remote-redis', { ...served, sha256: 'b'.repeat(64) })]);

      const result = await remote.sync();

      expect(result.skipped).toEqual([expect.objectContaining({ id: 'adapter:cache:remote-redis', kind: RemoteErrorKind.digestMismatch })]);
      expect(result.registered).toEqual([]);
      expect(app.resolve('adapter', 'cache')).toBeUndefined();
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'digest.mismatch', decision: 'refused', actual: served.sha256 }));
      expect(() => readdirSync(join(cacheDir, 'remote', 'artifacts'))).toThrow();
      remote.close();
    });

    it('skips (and audits) entries with traversal URIs or refused factories, registering the rest', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      const served = artifact('remote');
      serveManifest(1, [
        entry('good', served),
        entry('traversal', served, { uri: `${baseUrl}/artifacts/%2e%2e/%2e%2e/etc/passwd` }),
        entry('blocked', served, { factory: 'child_process:exec' }),
        entry('outside', served, { factory: 'lodash:get' }),
      ]);

      const result = await remote.sync();

      expect(result.registered).toEqual(['adapter:cache:good']);
      expect(result.skipped.map((skipped) => [skipped.id, skipped.kind])).toEqual([
        ['adapter:cache:traversal', RemoteErrorKind.pathTraversal],
        ['adapter:cache:blocked', RemoteErrorKind.factoryRefused],
        ['adapter:cache:outside', RemoteErrorKind.factoryRefused],
      ]);
      expect(auditLines.filter((line) => line['event'] === 'path.refused')).toHaveLength(1);
      expect(auditLines.filter((line) => line['event'] === 'factory.refused')).toHaveLength(2);
      remote.close();
    });

    it('refuses a rolled-back serial (rollback), remembered in the cache directory across instances', async () => {
      serveManifest(5, [entry('remote-redis', artifact('v5'))]);
      const first = remoteFor(new Oneiric());
      await first.sync();
      first.close();

      serveManifest(4, [entry('remote-redis', artifact('v4'))]);
      const second = remoteFor(new Oneiric());

      expect(await kindOf(second.sync())).toBe(RemoteErrorKind.rollback);
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'rollback.refused', serial: 4 }));
      second.close();
    });

    it('refuses a manifest signed by an untrusted key (untrustedKey) and audits why', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app, { trusted_public_keys: [testKey(8).publicBase64] });
      serveManifest(1, [entry('remote-redis', artifact('remote'))]);

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.untrustedKey);
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'signature.rejected', kind: RemoteErrorKind.untrustedKey }));
      remote.close();
    });

    it('reads trusted keys from ONEIRIC_TRUSTED_PUBLIC_KEYS as well', async () => {
      const app = new Oneiric();
      const remote = new RemoteSync({
        app, cacheDir, auditLogger: auditLogger(), env: { ONEIRIC_TRUSTED_PUBLIC_KEYS: `${testKey(9).publicBase64},${alice.publicBase64}` },
        settings: parseRemoteSettings({ enabled: true, manifest_url: `${baseUrl}/manifest.json`, factory_allowlist: ['@acme/providers'], min_fetch_interval_ms: 0 }),
      });
      serveManifest(1, [entry('remote-redis', artifact('remote'))]);

      expect((await remote.sync()).serial).toBe(1);
      remote.close();
    });
  });

  describe('sync, having a previous manifest', () => {
    it('retracts an active entry the new manifest no longer lists and swaps the key back to the local provider', async () => {
      const app = new Oneiric();
      localMemoryCache(app);
      const remote = remoteFor(app);
      const pricing = artifact('pricing');
      const pricingEntry = { ...entry('flat', pricing), domain: 'service', key: 'pricing' };
      serveManifest(1, [entry('remote-redis', artifact('remote')), pricingEntry]);
      await remote.sync();
      await app.start();
      const cache = app.use<{ get(key: string): string }>('adapter', 'cache');
      expect(cache.get('k')).toBe('remote:k');
      const pricingBefore = app.resolve('service', 'pricing');

      serveManifest(2, [pricingEntry]);
      const result = await remote.sync();

      expect(result.retracted).toEqual(['adapter:cache:remote-redis']);
      expect(result.unchanged).toEqual(['service:pricing:flat']);
      expect(result.registered).toEqual([]);
      expect(app.active('adapter', 'cache')?.provider).toBe('memory');
      expect(cache.get('k')).toBe('local:k');
      // Not registered again: the very same candidate object, same sequence.
      expect(app.resolve('service', 'pricing')).toBe(pricingBefore);
      await app.close();
      remote.close();
    });

    it('deactivates a retracted remote provider whose local fallback fails to activate, and activates the fallback once it is fixed', async () => {
      const app = new Oneiric();
      let broken = true;
      app.register({ domain: 'adapter', key: 'cache', provider: 'memory', priority: 0, factory: { kind: 'function', build: () => {
        if (broken) {
          throw new Error('fallback not ready');
        }
        return { get: (key: string) => `local:${key}` };
      } } });
      const remote = remoteFor(app);
      serveManifest(1, [entry('remote', artifact('remote'))]);
      await remote.sync();
      await app.start();
      expect(app.active('adapter', 'cache')?.provider).toBe('remote');

      serveManifest(2, []);
      const retracted = await remote.sync();

      // Fail closed: the provider the signed manifest withdrew must not stay live.
      expect(retracted.retracted).toEqual(['adapter:cache:remote']);
      expect(retracted.activationError).toEqual(expect.stringContaining('fallback not ready'));
      expect(app.active('adapter', 'cache')).toBeUndefined();
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'provider.deactivated', provider: 'remote' }));

      broken = false;
      const retried = await remote.sync();

      expect(retried.activationError).toBeUndefined();
      expect(app.active('adapter', 'cache')?.provider).toBe('memory');
      await app.close();
      remote.close();
    });

    it('re-registers a changed entry, replacing the old registration', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      serveManifest(1, [entry('remote-redis', artifact('v1'))]);
      await remote.sync();
      await app.start();

      serveManifest(2, [entry('remote-redis', artifact('v2'))]);
      const result = await remote.sync();

      expect(result.registered).toEqual(['adapter:cache:remote-redis']);
      expect(app.use<{ get(key: string): string }>('adapter', 'cache').get('k')).toBe('v2:k');
      await app.close();
      remote.close();
    });
  });

  describe('syncOrFallBack, having an unreachable remote', () => {
    it('starts offline from the cached manifest and artifacts', async () => {
      serveManifest(3, [entry('remote-redis', artifact('cached'))]);
      const online = remoteFor(new Oneiric());
      await online.sync();
      online.close();
      routes.clear();

      const app = new Oneiric();
      const offline = remoteFor(app);
      const result = await offline.syncOrFallBack();
      await app.start();

      expect(result).toMatchObject({ offline: true, serial: 3, registered: ['adapter:cache:remote-redis'] });
      expect(app.use<{ get(key: string): string }>('adapter', 'cache').get('k')).toBe('cached:k');
      expect(await offline.status()).toMatchObject({ lastOffline: true, consecutiveFailures: 0 });
      await app.close();
      offline.close();
    });

    it('fails with noCachedManifest when nothing was ever cached', async () => {
      const remote = remoteFor(new Oneiric());

      expect(await kindOf(remote.syncOrFallBack())).toBe(RemoteErrorKind.noCachedManifest);
      remote.close();
    });

    it('refuses a cached artifact that was changed on disk (digestMismatch) when starting offline', async () => {
      const served = artifact('cached');
      serveManifest(3, [entry('remote-redis', served)]);
      const online = remoteFor(new Oneiric());
      await online.sync();
      online.close();
      routes.clear();
      const [name] = readdirSync(join(cacheDir, 'remote', 'artifacts'));
      writeFileSync(join(cacheDir, 'remote', 'artifacts', name ?? ''), 'export class RemoteCache { get() { return "evil"; } }');

      const app = new Oneiric();
      const offline = remoteFor(app);

      const result = await offline.syncFromCache();

      expect(result.skipped).toEqual([expect.objectContaining({ id: 'adapter:cache:remote-redis', kind: RemoteErrorKind.digestMismatch })]);
      expect(app.resolve('adapter', 'cache')).toBeUndefined();
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'digest.mismatch', cached: true }));
      offline.close();
    });
  });

  describe('fetching, having a misbehaving server', () => {
    it('gives up on a server that hangs with timeout, after fetch_timeout_ms', async () => {
      routes.set('/manifest.json', { hang: true });
      const remote = remoteFor(new Oneiric(), { fetch_timeout_ms: 100 });

      const started = Date.now();
      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.timeout);
      expect(Date.now() - started).toBeLessThan(2_000);
      remote.close();
    });

    it('reports HTTP 500 as fetchFailed after the configured retries', async () => {
      routes.set('/manifest.json', { status: 500, body: 'oops' });
      const remote = remoteFor(new Oneiric(), { max_attempts: 3 });

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.fetchFailed);
      expect(requests.filter((request) => request.path === '/manifest.json')).toHaveLength(3);
      remote.close();
    });

    it('opens the circuit after repeated garbage, then refuses without a request (circuitOpen)', async () => {
      routes.set('/manifest.json', { body: '\u0000\u0001 not json: [ nor yaml' });
      const remote = remoteFor(new Oneiric(), { circuit_breaker_threshold: 2, circuit_breaker_reset_ms: 60_000 });

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.invalidManifest);
      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.invalidManifest);
      const before = requests.length;
      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.circuitOpen);

      expect(requests.length).toBe(before);
      expect(remote.isCircuitOpen).toBe(true);
      expect(await remote.status()).toMatchObject({ consecutiveFailures: 3, lastErrorKind: RemoteErrorKind.circuitOpen });
      remote.close();
    });

    it('refuses a second fetch within the minimum interval (rateLimited) without a request', async () => {
      serveManifest(1, [entry('remote-redis', artifact('remote'))]);
      const remote = remoteFor(new Oneiric(), { min_fetch_interval_ms: 60_000 });
      await remote.sync();
      const before = requests.length;

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.rateLimited);
      expect(requests.length).toBe(before);
      remote.close();
    });

    it('keeps the refresh loop running through failures, and succeeds once the server recovers', async () => {
      routes.set('/manifest.json', { status: 500 });
      const app = new Oneiric();
      const remote = remoteFor(app, { circuit_breaker_threshold: 100 });
      remote.startRefreshLoop(20);
      await waitFor(async () => (await remote.status()).consecutiveFailures >= 3);

      serveManifest(1, [entry('remote-redis', artifact('recovered'))]);
      // The status is written after the registry changes: wait for it, not for the candidate.
      await waitFor(async () => (await remote.status()).lastSerial === 1);
      remote.stopRefreshLoop();

      expect(app.resolve('adapter', 'cache')?.provider).toBe('remote-redis');
      expect(await remote.status()).toMatchObject({ consecutiveFailures: 0, lastSerial: 1 });
      remote.close();
    });
  });

  describe('fetching, having a file: manifest', () => {
    it('refuses file: addresses unless allowed (fileUriRefused)', async () => {
      const path = join(cacheDir, 'manifest.json');
      writeFileSync(path, JSON.stringify(signedBy({ serial: 1, entries: [] }, alice)));
      const remote = remoteFor(new Oneiric(), { manifest_url: pathToFileURL(path).href });

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.fileUriRefused);
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'file.refused' }));
      remote.close();
    });

    it('reads file: addresses under the allowed roots, and refuses them elsewhere', async () => {
      const path = join(cacheDir, 'manifest.json');
      writeFileSync(path, JSON.stringify(signedBy({ serial: 1, entries: [] }, alice, { nowMs: Date.now(), expiresInMs: 3_600_000 })));
      const allowed = remoteFor(new Oneiric(), { manifest_url: pathToFileURL(path).href, allow_file_uris: true, allowed_file_uri_roots: [cacheDir] });
      const elsewhere = remoteFor(new Oneiric(), { manifest_url: pathToFileURL(path).href, allow_file_uris: true, allowed_file_uri_roots: [join(cacheDir, 'other')] });

      expect((await allowed.sync()).serial).toBe(1);
      expect(await kindOf(elsewhere.sync())).toBe(RemoteErrorKind.fileUriRefused);
      allowed.close();
      elsewhere.close();
    });
  });
});
