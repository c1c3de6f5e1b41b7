// Integration tests of RemoteSync's limits and settings against a real HTTP server on 127.0.0.1: time limits, redaction, unsafe cache state, hooks, installed modules.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Oneiric } from '@oneiric/core';
import { alice, artifact, auditLines, auditLogger, baseUrl, cacheDir, entry, kindOf, remoteFor, requests, routes, serveManifest, useManifestServer } from '../__fixtures__/remoteSyncHarness.js';
import { signedBy } from '../__fixtures__/testKeys.js';
import { parseRemoteSettings } from '../config/parseRemoteSettings.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteSync } from './remoteSync.js';

useManifestServer();

describe('RemoteSync', () => {
  describe('sync, having an artifact whose top-level await never settles', () => {
    it('skips the entry with timeout after import_timeout_ms and lets a later sync run, because a hung import must not block the queue', async () => {
      routes.set('/artifacts/hang.mjs', { body: 'await new Promise(() => {});\nexport class RemoteCache {}\n' });
      const hang = { path: '/artifacts/hang.mjs', sha256: createHash('sha256').update('await new Promise(() => {});\nexport class RemoteCache {}\n').digest('hex') };
      serveManifest(1, [entry('hang', hang)]);
      const app = new Oneiric();
      const remote = remoteFor(app, { import_timeout_ms: 200 });

      const started = Date.now();
      const result = await remote.sync();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result.skipped).toEqual([expect.objectContaining({ id: 'adapter:cache:hang', kind: RemoteErrorKind.timeout })]);
      expect(app.resolve('adapter', 'cache')).toBeUndefined();

      serveManifest(2, [entry('remote-redis', artifact('after'))]);
      expect((await remote.sync()).serial).toBe(2);
      remote.close();
    });
  });

  describe('sync, having a secrets hook that never answers', () => {
    it('fails with timeout after auth_token_timeout_ms, because a stuck hook must not hang every sync', async () => {
      serveManifest(1, []);
      const remote = new RemoteSync({
        app: new Oneiric(), cacheDir, auditLogger: auditLogger(), env: {}, authToken: () => new Promise<string>(() => undefined),
        settings: parseRemoteSettings({ enabled: true, manifest_url: `${baseUrl}/manifest.json`, trusted_public_keys: [alice.publicBase64], auth_token_timeout_ms: 100, max_attempts: 1, min_fetch_interval_ms: 0 }),
      });

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.timeout);
      remote.close();
    });
  });

  describe('sync, having a token in the manifest URL query', () => {
    it('keeps the token out of every audit line, the status file, the cache files and the result', async () => {
      const served = artifact('query');
      const manifest = signedBy({ serial: 1, entries: [{ ...entry('remote-redis', served), uri: `${baseUrl}${served.path}?sig=artifact-secret-456` }] }, alice, { nowMs: Date.now(), expiresInMs: 3_600_000 });
      routes.set('/manifest.json?token=query-secret-789', { body: JSON.stringify(manifest) });
      routes.set(`${served.path}?sig=artifact-secret-456`, { body: served.body });
      const progress: string[] = [];
      const app = new Oneiric();
      const remote = new RemoteSync({
        app, cacheDir, auditLogger: auditLogger(), env: {}, onProgress: (step) => progress.push(step.uri),
        settings: parseRemoteSettings({ enabled: true, manifest_url: `${baseUrl}/manifest.json?token=query-secret-789`, trusted_public_keys: [alice.publicBase64], factory_allowlist: ['@acme/providers'], max_attempts: 1, min_fetch_interval_ms: 0 }),
      });

      const result = await remote.sync();
      routes.clear();
      const failed = await kindOf(remote.sync());

      expect(failed).toBe(RemoteErrorKind.fetchFailed);
      const files = [join(cacheDir, 'remote_status.json'), ...readdirSync(join(cacheDir, 'remote')).filter((name) => name.endsWith('.json')).map((name) => join(cacheDir, 'remote', name))];
      const logged = [JSON.stringify(auditLines), JSON.stringify(result), progress.join(' '), readFileSync(join(cacheDir, 'remote_status.json'), 'utf8'), ...readdirSync(join(cacheDir, 'remote', 'artifacts'))].join('\n');
      const cached = files.map((file) => readFileSync(file, 'utf8')).join('\n');
      expect(logged).toContain('token=REDACTED');
      expect(logged).not.toMatch(/query-secret-789|artifact-secret-456/);
      // The cached manifest keeps the signed entries verbatim (an artifact URI is signed content), but never the manifest URL's token.
      expect(cached).not.toContain('query-secret-789');
      remote.close();
    });
  });

  describe('sync, having an unsafe cache directory', () => {
    it('refuses a group-writable artifacts directory with unsafeCacheDirectory, because another user could swap artifacts', async () => {
      mkdirSync(join(cacheDir, 'remote', 'artifacts'), { recursive: true });
      chmodSync(join(cacheDir, 'remote', 'artifacts'), 0o770);
      serveManifest(1, [entry('remote-redis', artifact('unsafe'))]);
      const remote = remoteFor(new Oneiric());

      const failure = remote.sync();
      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.unsafeCacheDirectory });
      // Finding: this refusal was not audited (no line at all before the fix).
      expect(auditLines.filter((line) => line['kind'] === RemoteErrorKind.unsafeCacheDirectory)).toEqual([expect.objectContaining({ event: 'cache.refused', decision: 'refused' })]);
      remote.close();
    });

    it('refuses a symbolic link as the artifacts directory with unsafeCacheDirectory, because it may point anywhere', async () => {
      const elsewhere = mkdtempSync(join(tmpdir(), 'oneiric-elsewhere-'));
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      symlinkSync(elsewhere, join(cacheDir, 'remote', 'artifacts'));
      serveManifest(1, [entry('remote-redis', artifact('linked'))]);
      const remote = remoteFor(new Oneiric());

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.unsafeCacheDirectory);
      remote.close();
      rmSync(elsewhere, { recursive: true, force: true });
    });
  });

  describe('sync, having anti-rollback state that cannot be read', () => {
    it('refuses the manifest with rollbackStateUnreadable, because a corrupt state must not reset the serial', async () => {
      mkdirSync(join(cacheDir, 'remote'), { recursive: true });
      writeFileSync(join(cacheDir, 'remote', 'anti_rollback.json'), '{ not json');
      serveManifest(1, []);
      const remote = remoteFor(new Oneiric());

      const failure = remote.sync();
      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.rollbackStateUnreadable });
      remote.close();
    });
  });

  describe('sync, having a manifest with an alias bomb', () => {
    it('refuses it fast with yamlAliasRefused, before any signature work', async () => {
      routes.set('/manifest.json', { body: 'serial: 1\nentries: &e []\nx: [*e, *e, *e]\n' });
      const remote = remoteFor(new Oneiric());

      expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.yamlAliasRefused);
      remote.close();
    });
  });
});

describe('RemoteSync settings and hooks', () => {
  it('takes the auth token from the secrets hook when auth_token is not set, and never logs it', async () => {
    const app = new Oneiric();
    const remote = new RemoteSync({
      app, cacheDir, auditLogger: auditLogger(), env: {}, authToken: () => Promise.resolve('hook-token-456'),
      settings: parseRemoteSettings({ enabled: true, manifest_url: `${baseUrl}/manifest.json`, trusted_public_keys: [alice.publicBase64], factory_allowlist: ['@acme/providers'], min_fetch_interval_ms: 0, auth_header_name: 'X-Oneiric-Token' }),
    });
    serveManifest(1, [entry('remote-redis', artifact('remote'))]);

    await remote.sync();

    expect(requests.map((request) => request.customToken)).toEqual(['hook-token-456', 'hook-token-456']);
    expect(JSON.stringify(auditLines)).not.toContain('hook-token-456');
    remote.close();
  });

  it('imports an allowlisted installed module for an entry without an artifact, building its class export', async () => {
    const app = new Oneiric();
    // class-validator is one of this package's own dependencies, so it is installed wherever the tests run.
    const remote = remoteFor(app, { factory_allowlist: ['class-validator'] });
    serveManifest(1, [{ domain: 'service', key: 'validator', provider: 'class-validator', factory: 'class-validator:Validator' }]);

    await remote.sync();
    await app.start();

    expect(app.current('service', 'validator')).toBeInstanceOf((await import('class-validator')).Validator);
    await app.close();
    remote.close();
  });

  it('skips an entry whose allowlisted module is not installed (artifactLoadFailed), with one audit line', async () => {
    const remote = remoteFor(new Oneiric());
    serveManifest(1, [{ domain: 'service', key: 'x', provider: 'missing', factory: '@acme/providers:Nothing' }]);

    const result = await remote.sync();

    expect(result.skipped).toEqual([expect.objectContaining({ id: 'service:x:missing', kind: RemoteErrorKind.artifactLoadFailed })]);
    expect(auditLines.filter((line) => line['id'] === 'service:x:missing')).toEqual([expect.objectContaining({ event: 'artifact.refused', decision: 'refused', kind: RemoteErrorKind.artifactLoadFailed })]);
    remote.close();
  });

  it('refuses to sync the configured URL while disabled (invalidSettings)', async () => {
    const remote = new RemoteSync({ app: new Oneiric(), cacheDir, auditLogger: auditLogger(), env: {}, settings: parseRemoteSettings({ manifest_url: `${baseUrl}/manifest.json` }) });

    expect(await kindOf(remote.sync())).toBe(RemoteErrorKind.invalidSettings);
    remote.close();
  });
});
