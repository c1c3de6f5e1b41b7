// In-process tests of remote-sync and remote-status against a real HTTP server on 127.0.0.1, with keys and signatures made by the CLI itself.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess, type RunResult } from './testing/runInProcess.js';
import { useRouteServer } from './testing/routeServer.js';

const { routes, baseUrl: serverUrl } = useRouteServer();

const cli = runInProcess('oneiric-cli-remote-sync-');

// --local: these tests are about the in-process copy (no runtime runs for their cache directory).
const run = (argv: readonly string[], isTTY = false): Promise<RunResult> => cli.run(['--local', ...argv], { isTTY });

// keygen and sign through the CLI, then serve the signed manifest and its artifact.
type Keys = { privateKeyPath: string; keyId: string; publicKey: string };

async function publish(serial: number, reuse?: Keys): Promise<Keys> {
  const keys = reuse ?? JSON.parse((await run(['manifest', 'keygen', '--out', `keys-${serial}`, '--json'])).stdout) as Keys;
  const artifact = `export class SyncedCache { get(key) { return 'synced-${serial}:' + key; } }\n`;
  routes.set(`/a/cache-${serial}.mjs`, { status: 200, body: artifact });
  const manifest = {
    serial,
    entries: [{
      domain: 'adapter', key: 'cache', provider: 'synced', factory: '@acme/providers:SyncedCache',
      uri: `${serverUrl()}/a/cache-${serial}.mjs`, sha256: createHash('sha256').update(artifact).digest('hex'),
    }],
  };
  writeFileSync(path.join(cli.workDir, 'manifest.json'), JSON.stringify(manifest));
  expect((await run(['manifest', 'sign', 'manifest.json', '--key', keys.privateKeyPath, '--expires-in', '1h'])).code).toBe(0);
  routes.set('/manifest.json', { status: 200, body: readFileSync(path.join(cli.workDir, 'manifest.json'), 'utf8') });
  mkdirSync(path.join(cli.workDir, 'settings'), { recursive: true });
  writeFileSync(path.join(cli.workDir, 'settings', 'remote.yaml'), [
    'enabled: true',
    `manifest_url: ${serverUrl()}/manifest.json`,
    `trusted_public_keys: ["${keys.keyId}=${keys.publicKey}"]`,
    'factory_allowlist: ["@acme/providers"]',
    'fetch_timeout_ms: 500',
    'max_attempts: 1',
    'min_fetch_interval_ms: 0',
    '',
  ].join('\n'));
  return keys;
}

describe('remote-sync', () => {
  it('syncs a manifest signed by `manifest sign` and records it for remote-status', async () => {
    await publish(1);

    const synced = await run(['remote-sync', '--json']);
    const status = await run(['remote-status', '--json']);

    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ serial: 1, registered: ['adapter:cache:synced'], digestChecks: 1, offline: false });
    expect(JSON.parse(status.stdout)).toMatchObject({ lastSerial: 1, consecutiveFailures: 0, lastPerDomain: { adapter: 1 } });
  });

  it('prints a text summary, and no progress bar when stdout is not a terminal', async () => {
    await publish(1);

    const synced = await run(['remote-sync']);

    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/^Synced manifest serial 1 from http:\/\/127\.0\.0\.1:\d+\/manifest\.json; signed by [0-9a-f]{16}\n/);
    expect(synced.stdout).not.toContain('\r');
  });

  it('draws a progress bar for artifact downloads when stdout is a terminal', async () => {
    await publish(1);

    const synced = await run(['remote-sync'], true);

    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/^\r\[#{24}\] 1\/1 cache-1\.mjs\x1b\[K\nSynced manifest serial 1/);
  });

  it('fails with exit 1 and kind fetchFailed when the server answers 500, and remote-status counts the failure', async () => {
    await publish(1);
    routes.set('/manifest.json', { status: 500, body: '' });

    const synced = await run(['remote-sync', '--json']);
    const status = await run(['remote-status']);

    expect(synced.code).toBe(1);
    expect((JSON.parse(synced.stderr) as { error: { kind: string } }).error.kind).toBe('fetchFailed');
    expect(status.stdout).toContain('consecutive failures: 1');
  });

  it('never prints a token carried in the manifest URL query, in remote-sync output, its errors, or remote-status', async () => {
    await publish(1);
    const manifest = routes.get('/manifest.json');
    routes.set('/manifest.json?token=cli-secret-321', manifest ?? { status: 500, body: '' });
    const url = `${serverUrl()}/manifest.json?token=cli-secret-321`;

    const synced = await run(['remote-sync', '--manifest', url, '--json']);
    const text = await run(['remote-sync', '--manifest', url]);
    routes.clear();
    const failed = await run(['remote-sync', '--manifest', url, '--json']);
    const status = await run(['remote-status', '--json']);

    expect(synced.code).toBe(0);
    // The server is gone: the cached manifest is applied, with a warning naming the redacted URL.
    expect(failed.code).toBe(0);
    expect(failed.stderr).toContain('applied the cached manifest');
    const printed = [synced, text, failed, status].map((result) => `${result.stdout}${result.stderr}`).join('\n');
    expect(printed).toContain('token=REDACTED');
    expect(printed).not.toContain('cli-secret-321');
  });

  it('refuses a rolled-back manifest on the next run (rollback), as the serial is remembered in the cache', async () => {
    // The same key: the remembered serial belongs to the manifest URL and the trusted key set.
    const keys = await publish(2);
    expect((await run(['remote-sync'])).code).toBe(0);
    await publish(1, keys);

    const synced = await run(['remote-sync', '--json']);

    expect((JSON.parse(synced.stderr) as { error: { kind: string } }).error.kind).toBe('rollback');
  });

  it('refuses to sync remote.manifest_url while remote.enabled is false (invalidSettings), but accepts an explicit --manifest', async () => {
    await publish(1);
    const settingsFile = path.join(cli.workDir, 'settings', 'remote.yaml');
    writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace('enabled: true', 'enabled: false'));

    const implicit = await run(['remote-sync', '--json']);
    const explicit = await run(['remote-sync', '--manifest', `${serverUrl()}/manifest.json`]);

    expect((JSON.parse(implicit.stderr) as { error: { kind: string } }).error.kind).toBe('invalidSettings');
    expect(explicit.code).toBe(0);
  });

  it('uses --manifest instead of remote.manifest_url', async () => {
    await publish(1);
    routes.set('/other.json', routes.get('/manifest.json') ?? { status: 500, body: '' });
    routes.delete('/manifest.json');

    expect((await run(['remote-sync', '--manifest', `${serverUrl()}/other.json`])).code).toBe(0);
  });
});
