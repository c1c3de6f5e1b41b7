// Integration tests of RemoteSync against a real HTTP server on 127.0.0.1: verification, artifacts, retraction, cache, failures.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import winston from 'winston';
import { Oneiric } from '@oneiric/core';
import { signedBy, testKey } from '../__fixtures__/testKeys.js';
import { parseRemoteSettings } from '../config/parseRemoteSettings.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteSync } from './remoteSync.js';

const alice = testKey(7);
const TOKEN = 'Bearer super-secret-token-123';

interface Route {
  status?: number;
  body?: string | Buffer;
  hang?: boolean;
  delayMs?: number;
}

let server: Server;
let baseUrl: string;
let routes: Map<string, Route>;
let requests: { path: string; authorization: string | undefined; customToken: string | string[] | undefined }[];
let hanging: ServerResponse[];
let cacheDir: string;
let auditLines: Record<string, unknown>[];
let artifactCounter = 0;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    requests.push({ path, authorization: request.headers.authorization, customToken: request.headers['x-oneiric-token'] });
    const route = routes.get(path);
    if (route?.hang === true) {
      hanging.push(response);
      return;
    }
    const answer = (): void => {
      response.writeHead(route?.status ?? (route === undefined ? 404 : 200));
      response.end(route?.body ?? '');
    };
    if (route?.delayMs === undefined) {
      answer();
    } else {
      setTimeout(answer, route.delayMs);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  routes = new Map();
  requests = [];
  hanging = [];
  auditLines = [];
  cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-remote-'));
});

afterEach(() => {
  for (const response of hanging) {
    response.destroy();
  }
  rmSync(cacheDir, { recursive: true, force: true });
});

// Each artifact gets unique text, so its digest (and the module URL) is new and Node's module cache cannot mask a test.
function artifact(label: string): { body: string; sha256: string; path: string } {
  artifactCounter += 1;
  const body = `// artifact ${artifactCounter}\nexport class RemoteCache { get(key) { return '${label}:' + key; } }\nexport function makeCache() { return { get: (key) => 'made-${label}:' + key }; }\nexport const notAFunction = 3;\n`;
  const path = `/artifacts/cache-${artifactCounter}.mjs`;
  routes.set(path, { body });
  return { body, sha256: createHash('sha256').update(body).digest('hex'), path };
}

function entry(provider: string, served: { sha256: string; path: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { domain: 'adapter', key: 'cache', provider, factory: '@acme/providers:RemoteCache', uri: `${baseUrl}${served.path}`, sha256: served.sha256, priority: 100, ...extra };
}

function serveManifest(serial: number, entries: unknown[], path = '/manifest.json'): Record<string, unknown> {
  const manifest = signedBy({ serial, entries }, alice, { nowMs: Date.now(), expiresInMs: 3_600_000 });
  routes.set(path, { body: JSON.stringify(manifest) });
  return manifest;
}

function auditLogger(): winston.Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      auditLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return winston.createLogger({ format: winston.format.json(), defaultMeta: { component: 'oneiric-audit' }, transports: [new winston.transports.Stream({ stream: sink })] });
}

function remoteFor(app: Oneiric, settings: Record<string, unknown> = {}, options: { cwd?: string } = {}): RemoteSync {
  return new RemoteSync({
    app,
    cacheDir,
    ...options,
    auditLogger: auditLogger(),
    env: {},
    settings: parseRemoteSettings({
      enabled: true,
      manifest_url: `${baseUrl}/manifest.json`,
      trusted_public_keys: [alice.publicBase64],
      factory_allowlist: ['@acme/providers'],
      auth_token: TOKEN,
      fetch_timeout_ms: 300,
      max_attempts: 1,
      retry_base_delay_ms: 1,
      min_fetch_interval_ms: 0,
      ...settings,
    }),
  });
}

function localMemoryCache(app: Oneiric): void {
  app.register({ domain: 'adapter', key: 'cache', provider: 'memory', priority: 0, factory: { kind: 'function', build: () => ({ get: (key: string) => `local:${key}` }) } });
}

async function kindOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof RemoteError) {
      return error.kind;
    }
    throw error;
  }
  return 'accepted';
}

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

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

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
