// In-process tests against a real HTTP server on 127.0.0.1: remote-sync falls back to the cache when the server is down, and read-only commands see cached remote candidates.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess, type RunResult } from './testing/runInProcess.js';
import { useRouteServer } from './testing/routeServer.js';

const { routes, baseUrl: serverUrl } = useRouteServer();

const cli = runInProcess('oneiric-cli-remote-cache-');

const run = (...argv: string[]): Promise<RunResult> => cli.run(argv);

// A manifest with one artifact-backed adapter, signed with a key made by the CLI, served at /manifest.json.
async function publish(): Promise<void> {
  const keys = JSON.parse((await run('manifest', 'keygen', '--out', 'keys', '--json')).stdout) as { privateKeyPath: string; keyId: string; publicKey: string };
  const artifact = 'export class SyncedCache { get(key) { return \'synced:\' + key; } }\n';
  routes.set('/a/cache.mjs', { status: 200, body: artifact });
  writeFileSync(path.join(cli.workDir, 'manifest.json'), JSON.stringify({
    serial: 1,
    entries: [{
      domain: 'adapter', key: 'cache', provider: 'synced', factory: '@acme/providers:SyncedCache',
      uri: `${serverUrl()}/a/cache.mjs`, sha256: createHash('sha256').update(artifact).digest('hex'),
    }],
  }));
  expect((await run('manifest', 'sign', 'manifest.json', '--key', keys.privateKeyPath, '--expires-in', '1h')).code).toBe(0);
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
}

describe('remote-sync with the server down', () => {
  it('applies the cached manifest, warns, and reports offline', async () => {
    await publish();
    expect((await run('--local', 'remote-sync')).code).toBe(0);
    routes.clear();

    const result = await run('--local', 'remote-sync', '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ serial: 1, offline: true });
    expect(result.stderr).toMatch(/^oneiric: warning: remote sync failed \(.+\); applied the cached manifest, serial 1\n$/);
  });

  it('fails with the fetch error when nothing is cached', async () => {
    await publish();
    routes.clear();

    const result = await run('--local', 'remote-sync', '--json');

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { kind: 'fetchFailed' } });
  });
});

describe('read-only commands after remote-sync', () => {
  it('list and explain show the cached remote candidate, and remote-status still reports the last real sync', async () => {
    await publish();
    expect((await run('--local', 'remote-sync')).code).toBe(0);
    const statusBefore = readFileSync(path.join(cli.workDir, '.oneiric_cache', 'remote_status.json'), 'utf8');

    const list = await run('list', '--json');
    const explain = await run('--local', 'explain', 'cache');

    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ active: [{ key: 'cache', provider: 'synced', source: 'remote-manifest' }] });
    expect(list.stderr).toContain('answering from the files');
    expect(explain.stdout).toContain('Winner for adapter:cache: synced');
    expect(readFileSync(path.join(cli.workDir, '.oneiric_cache', 'remote_status.json'), 'utf8')).toBe(statusBefore);
  });
});

describe('read-only commands without a cached manifest', () => {
  it('do not read the remote settings, so a broken remote.yaml does not break list', async () => {
    mkdirSync(path.join(cli.workDir, 'settings'), { recursive: true });
    writeFileSync(path.join(cli.workDir, 'settings', 'remote.yaml'), 'enabled: [not a boolean\n');

    const result = await run('--local', 'list');

    expect(result).toEqual({ code: 0, stdout: 'Active adapters:\n  (none)\n', stderr: '' });
  });
});
