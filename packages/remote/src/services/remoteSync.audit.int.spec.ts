// Integration tests of RemoteSync's audit findings against a real HTTP server on 127.0.0.1: rollback across URL spellings, partial loads, storage failures, parse-time refusals.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Oneiric } from '@oneiric/core';
import { alice, artifact, auditLines, auditLogger, baseUrl, cacheDir, entry, kindOf, remoteFor, requests, routes, serveManifest, useManifestServer, waitFor } from '../__fixtures__/remoteSyncHarness.js';
import { signedBy } from '../__fixtures__/testKeys.js';
import { parseRemoteSettings } from '../config/parseRemoteSettings.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteSync } from './remoteSync.js';

useManifestServer();

describe('RemoteSync audit findings', () => {
  describe('sync, having accepted serial 5 and then an older validly signed manifest under another spelling of the URL', () => {
    // Finding 1: the floor was kept per redacted URL, so each of these had no floor and serial 3 was
    // accepted (and became the cached offline-start manifest). Now: rollback, one floor per cache directory.
    it.each([
      ['a query string', '/manifest.json?cb=1', '/manifest.json?cb=1'],
      ['a fragment', '/manifest.json#x', '/manifest.json'],
      ['localhost for 127.0.0.1', 'localhost', '/manifest.json'],
    ])('refuses serial 3 behind %s with rollback and keeps serial 5 cached', async (_label, suffix, servedPath) => {
      serveManifest(5, [entry('remote-redis', artifact('v5'))]);
      const first = remoteFor(new Oneiric());
      await first.sync();
      first.close();

      serveManifest(3, [entry('remote-redis', artifact('v3'))], servedPath);
      const url = suffix === 'localhost' ? `${baseUrl.replace('127.0.0.1', 'localhost')}/manifest.json` : `${baseUrl}${suffix}`;
      const second = remoteFor(new Oneiric());

      expect(await kindOf(second.sync(url))).toBe(RemoteErrorKind.rollback);
      expect(auditLines).toContainEqual(expect.objectContaining({ event: 'rollback.refused', serial: 3 }));
      const cached = JSON.parse(readFileSync(join(cacheDir, 'remote', 'manifest.json'), 'utf8')) as { text: string };
      expect(JSON.parse(cached.text)).toMatchObject({ serial: 5 });
      second.close();
    });

    // Finding 1 (upgrade): a per-URL state file written by the older version must keep binding,
    // whichever URL it was recorded under; reading it per URL would have found no floor here.
    it('refuses serial 3 when the per-URL state of an older version recorded serial 5 under another URL', async () => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), JSON.stringify({ version: 2, manifests: { 'https://elsewhere.test/m.json': { serial: 5, digest: 'd5' } } }));
      serveManifest(3, [entry('remote-redis', artifact('v3'))]);
      const remote = remoteFor(new Oneiric());

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.rollback);
      remote.close();
    });
  });

  describe('sync, having a manifest in which some entries cannot be loaded', () => {
    // Finding 2: one entry's 404 (fetchFailed) or missing export (artifactLoadFailed) failed the
    // whole sync, so the retraction of `gone` never happened. Now each is skipped and reported.
    it('skips those entries, applies the rest (retractions included) and keeps the earlier registration of a changed entry', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      const kept = { ...entry('kept', artifact('kept-v1')), key: 'kept' };
      serveManifest(1, [kept, { ...entry('gone', artifact('gone')), key: 'gone' }]);
      await remote.sync();
      await app.start();
      expect(app.use<{ get(key: string): string }>('adapter', 'kept').get('k')).toBe('kept-v1:k');

      const missing = { sha256: 'c'.repeat(64), path: '/artifacts/missing.mjs' };
      const fresh = { ...entry('fresh', artifact('fresh'), { factory: '@acme/providers:NoSuchExport' }), key: 'fresh' };
      serveManifest(2, [{ ...entry('kept', missing), key: 'kept' }, fresh]);
      const result = await remote.sync();

      expect(result.retracted).toEqual(['adapter:gone:gone']);
      expect(result.registered).toEqual([]);
      expect(result.unchanged).toEqual([]);
      expect(result.skipped).toEqual([
        expect.objectContaining({ id: 'adapter:kept:kept', index: 0, kind: RemoteErrorKind.fetchFailed, reason: expect.stringContaining('registration from an earlier manifest is kept') as string }),
        expect.objectContaining({ id: 'adapter:fresh:fresh', index: 1, kind: RemoteErrorKind.artifactLoadFailed }),
      ]);
      expect(result.skipped[1]?.reason).not.toContain('kept');
      expect(app.resolve('adapter', 'gone')).toBeUndefined();
      expect(app.resolve('adapter', 'fresh')).toBeUndefined();
      expect(app.use<{ get(key: string): string }>('adapter', 'kept').get('k')).toBe('kept-v1:k');
      expect(auditLines.filter((line) => line['event'] === 'artifact.refused').map((line) => line['id'])).toEqual(['adapter:kept:kept', 'adapter:fresh:fresh']);
      expect(await remote.status()).toMatchObject({ lastSerial: 2, lastSkipped: 2, lastRetracted: 1, consecutiveFailures: 0 });

      // A later manifest whose artifact loads replaces the kept registration.
      const fixed = artifact('kept-v2');
      serveManifest(3, [{ ...entry('kept', fixed), key: 'kept' }]);
      const retried = await remote.sync();
      expect(retried.registered).toEqual(['adapter:kept:kept']);
      expect(app.use<{ get(key: string): string }>('adapter', 'kept').get('k')).toBe('kept-v2:k');
      await app.close();
      remote.close();
    });

    it('retries a failed load when the very same manifest is synced again', async () => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      const served = artifact('late');
      routes.delete(served.path);
      serveManifest(1, [entry('late', served)]);

      expect((await remote.sync()).skipped).toEqual([expect.objectContaining({ kind: RemoteErrorKind.fetchFailed })]);
      routes.set(served.path, { body: served.body });
      const retried = await remote.sync();

      expect(retried.registered).toEqual(['adapter:cache:late']);
      expect(retried.skipped).toEqual([]);
      remote.close();
    });
  });

  describe('sync, having storage that fails while the manifest is applied', () => {
    // Finding 3: the registry changed first and the writes came after; a failing write left a
    // changed registry behind a sync recorded as failed. Now the writes come first: nothing changes.
    it.each([
      ['the cached manifest cannot be replaced', (): void => {
        rmSync(join(cacheDir, 'remote', 'manifest.json'));
        mkdirSync(join(cacheDir, 'remote', 'manifest.json', 'blocker'), { recursive: true });
      }, (): void => rmSync(join(cacheDir, 'remote', 'manifest.json'), { recursive: true })],
      ['the anti-rollback lock is held', (): void => {
        writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json.lock'), '');
      }, (): void => rmSync(join(cacheDir, 'remote', 'anti_rollback.json.lock'))],
    ])('leaves the registry untouched when %s, and applies on the next sync', async (_label, breakStorage, repair) => {
      const app = new Oneiric();
      const remote = remoteFor(app);
      serveManifest(1, [entry('old', artifact('old'))]);
      await remote.sync();
      breakStorage();

      serveManifest(2, [{ ...entry('new', artifact('new')), key: 'other' }]);
      await expect(remote.sync()).rejects.toBeDefined();

      expect(app.resolve('adapter', 'cache')?.provider).toBe('old');
      expect(app.resolve('adapter', 'other')).toBeUndefined();
      expect(await remote.status()).toMatchObject({ consecutiveFailures: 1 });

      repair();
      const result = await remote.sync();
      expect(result).toMatchObject({ serial: 2, registered: ['adapter:other:new'], retracted: ['adapter:cache:old'] });
      expect(app.resolve('adapter', 'cache')).toBeUndefined();
      remote.close();
    });
  });

  describe('sync, having a secrets hook whose token holds a newline or NUL', () => {
    // Finding 4: undici's "Headers.append: \"<value>\" is an invalid header value." quoted the token
    // into the error, remote_status.json lastError, the logs and the kept cause.
    it.each([['Bearer abc\ndef-secret-777'], ['Bearer abc\u0000def-secret-777']])('refuses %j with invalidSettings without a request, and the token reaches neither the error, its cause, the logs nor the status', async (token) => {
      serveManifest(1, []);
      const logged: string[] = [];
      const logger = { debug: (...args: unknown[]) => logged.push(JSON.stringify(args)), info: (...args: unknown[]) => logged.push(JSON.stringify(args)), warn: (...args: unknown[]) => logged.push(JSON.stringify(args)), error: (...args: unknown[]) => logged.push(JSON.stringify(args)) };
      const remote = new RemoteSync({
        app: new Oneiric(), cacheDir, auditLogger: auditLogger(), logger: logger as never, env: {}, authToken: () => token,
        settings: parseRemoteSettings({ enabled: true, manifest_url: `${baseUrl}/manifest.json`, trusted_public_keys: [alice.publicBase64], max_attempts: 3, retry_base_delay_ms: 1, min_fetch_interval_ms: 0 }),
      });

      const error = (await remote.sync().catch((caught: unknown) => caught)) as RemoteError;
      await remote.refreshOnce();

      expect(error).toBeInstanceOf(RemoteError);
      expect(error.kind).toBe(RemoteErrorKind.invalidSettings);
      expect(error.cause).toBeUndefined();
      expect(requests).toEqual([]);
      const everywhere = [error.message, JSON.stringify(error), readFileSync(join(cacheDir, 'remote_status.json'), 'utf8'), JSON.stringify(auditLines), ...logged].join('\n');
      expect(everywhere).not.toContain('def-secret');
      remote.close();
    });
  });

  describe('sync, having refusals decided while parsing', () => {
    function signedWith(change: (manifest: Record<string, unknown>) => void): string {
      const manifest = signedBy({ serial: 1, entries: [] }, alice, { nowMs: Date.now(), expiresInMs: 3_600_000 });
      change(manifest);
      return JSON.stringify(manifest);
    }

    // Finding 5: the schema refused these (invalidManifest while parsing) but no audit line said a
    // signature was refused; the verifier's own refusals were audited, these were not.
    it.each([
      ['a non-ed25519 algorithm', (manifest: Record<string, unknown>): void => {
        (manifest['signatures'] as Record<string, unknown>[])[0]!['algorithm'] = 'rsa-sha256';
      }],
      ['the legacy signature field', (manifest: Record<string, unknown>): void => {
        manifest['signature'] = 'AAAA';
      }],
    ])('audits %s as signature.rejected', async (_label, change) => {
      routes.set('/manifest.json', { body: signedWith(change) });
      const remote = remoteFor(new Oneiric());

      expect(await kindOf(remote.sync())).not.toBe('accepted');
      expect(auditLines.filter((line) => line['event'] === 'signature.rejected')).toEqual([expect.objectContaining({ decision: 'refused', source: `${baseUrl}/manifest.json` })]);
      remote.close();
    });

    it('does not audit a refusal that has nothing to do with signatures as one', async () => {
      routes.set('/manifest.json', { body: '{"serial": "one", "entries": []}' });
      const remote = remoteFor(new Oneiric());

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.invalidManifest);
      expect(auditLines.filter((line) => line['event'] === 'signature.rejected')).toEqual([]);
      remote.close();
    });
  });

  describe('sync, having an installed factory module that links outside its package', () => {
    // Finding 5: factoryResolutionRefused failed the sync without an audit line. Now the entry is
    // skipped and one factory.refused line is written.
    it('skips the entry with factoryResolutionRefused and audits it as factory.refused', async () => {
      const root = mkdtempSync(join(tmpdir(), 'oneiric-root-'));
      mkdirSync(join(root, 'node_modules', 'linked'), { recursive: true });
      mkdirSync(join(root, 'outside'));
      writeFileSync(join(root, 'outside', 'evil.js'), 'exports.Evil = class {};');
      writeFileSync(join(root, 'node_modules', 'linked', 'package.json'), '{"name":"linked","main":"index.js"}');
      symlinkSync(join(root, 'outside', 'evil.js'), join(root, 'node_modules', 'linked', 'index.js'));
      const remote = remoteFor(new Oneiric(), { factory_allowlist: ['linked'] }, { cwd: root });
      serveManifest(1, [{ domain: 'service', key: 'evil', provider: 'linked', factory: 'linked:Evil' }]);

      const result = await remote.sync();

      expect(result.skipped).toEqual([expect.objectContaining({ id: 'service:evil:linked', kind: RemoteErrorKind.factoryResolutionRefused })]);
      expect(auditLines.filter((line) => line['kind'] === RemoteErrorKind.factoryResolutionRefused)).toEqual([expect.objectContaining({ event: 'factory.refused', decision: 'refused', id: 'service:evil:linked' })]);
      remote.close();
      rmSync(root, { recursive: true, force: true });
    });
  });

  describe('startRefreshLoop, having a server that returns garbage', () => {
    // Finding 6: the loop-survives test used HTTP 500 with a threshold of 100, so the loop was never
    // shown to survive an OPEN circuit. Here garbage opens it, and the loop still recovers.
    it('opens the circuit, keeps the loop running through circuitOpen, and succeeds once the manifest is valid again', async () => {
      routes.set('/manifest.json', { body: '\u0000\u0001 garbage: [ neither json nor yaml' });
      const app = new Oneiric();
      const remote = remoteFor(app, { circuit_breaker_threshold: 2, circuit_breaker_reset_ms: 200 });
      remote.startRefreshLoop(20);

      await waitFor(async () => (await remote.status()).lastErrorKind === RemoteErrorKind.circuitOpen);
      expect(remote.isCircuitOpen).toBe(true);
      expect((await remote.status()).lastError).toContain('circuit');

      serveManifest(1, [entry('remote-redis', artifact('after-garbage'))]);
      await waitFor(async () => (await remote.status()).lastSerial === 1, 5_000);
      remote.stopRefreshLoop();

      expect(remote.isCircuitOpen).toBe(false);
      expect(app.resolve('adapter', 'cache')?.provider).toBe('remote-redis');
      expect(await remote.status()).toMatchObject({ consecutiveFailures: 0, lastSerial: 1 });
      remote.close();
    });
  });

  describe('status, having a slow manifest server', () => {
    // Finding 7: lastDurationMs on success only counted the apply step (a few ms), not the fetch.
    it('records the whole sync (fetch, verification, apply) in lastDurationMs and durationMs', async () => {
      const manifest = signedBy({ serial: 1, entries: [] }, alice, { nowMs: Date.now(), expiresInMs: 3_600_000 });
      routes.set('/manifest.json', { body: JSON.stringify(manifest), delayMs: 250 });
      const remote = remoteFor(new Oneiric());

      const result = await remote.sync();

      expect(result.durationMs).toBeGreaterThanOrEqual(200);
      expect((await remote.status()).lastDurationMs).toBeGreaterThanOrEqual(200);
      remote.close();
    });
  });
});
