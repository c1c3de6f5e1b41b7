// The secrets hook over real secrets adapters: TTL cache, rotation, refresh, following a swap.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvSecrets, FileSecrets, FileSecretsSettings } from '@oneiric/adapters';
import { Oneiric, TimeoutError } from '@oneiric/core';
import { SecretsHook, type SecretSource } from './secretsHook.js';

describe('SecretsHook', () => {
  let directory: string;
  let store: FileSecrets;
  let clock: number;
  let hook: SecretsHook | undefined;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'oneiric-secrets-hook-'));
    store = new FileSecrets(Object.assign(new FileSecretsSettings(), { directory: path.join(directory, 'secrets') }));
    await store.init();
    clock = 1_000;
  });

  afterEach(async () => {
    hook?.close();
    hook = undefined;
    await store.cleanup();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves a cached value until its TTL ends, then fetches the new one', async () => {
    hook = new SecretsHook({ source: () => store, ttlMs: 60_000, now: () => clock });
    await store.rotate('api_token', 'first');
    expect(await hook.get('api_token')).toBe('first');
    await store.rotate('api_token', 'second');
    clock += 59_999;
    expect(await hook.get('api_token')).toBe('first');
    clock += 1;
    expect(await hook.get('api_token')).toBe('second');
  });

  it('rotate drops the cache, fetches every cached name again and names them', async () => {
    hook = new SecretsHook({ source: () => store, now: () => clock });
    await store.rotate('api_token', 'old-token');
    await store.rotate('db_password', 'old-password');
    await hook.get('db_password');
    await hook.get('api_token');
    await store.rotate('api_token', 'new-token');

    expect(await hook.rotate()).toEqual({ rotated: ['api_token', 'db_password'] });
    expect(await hook.get('api_token')).toBe('new-token');
    expect(hook.cachedNames()).toEqual(['api_token', 'db_password']);
  });

  it('warms the configured names, and rotates them with the cached ones', async () => {
    await store.rotate('db_password', 'pw');
    await store.rotate('api_token', 'token');
    await store.rotate('other', 'x');
    hook = new SecretsHook({ source: () => store, names: ['db_password'] });
    await hook.warm();
    expect(hook.cachedNames()).toEqual(['db_password']);
    await hook.get('other');
    expect(await hook.rotate()).toEqual({ rotated: ['db_password', 'other'] });
  });

  it('refreshes cached names on its interval', async () => {
    hook = new SecretsHook({ source: () => store, refreshIntervalMs: 20, ttlMs: 3_600_000 });
    await store.rotate('api_token', 'first');
    await hook.get('api_token');
    await store.rotate('api_token', 'second');
    hook.start();
    // Bounded wait for the refresh loop (no timing assertion: only that it happens).
    for (let attempt = 0; attempt < 200 && (await hook.get('api_token')) !== 'second'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await hook.get('api_token')).toBe('second');
  });

  it('bounds a fetch in time with a TimeoutError', async () => {
    const stuck: SecretSource = { get: () => new Promise(() => undefined) };
    hook = new SecretsHook({ source: () => stuck, fetchTimeoutMs: 20 });
    await expect(hook.get('api_token')).rejects.toBeInstanceOf(TimeoutError);
  });

  it('follows a swap of adapter:secrets in a running application', async () => {
    process.env['ONEIRIC_SECRET_api_token'] = 'from-env';
    const app = new Oneiric({
      providerSettings: (candidate) => ({
        plain: candidate.provider === 'file' ? { directory: path.join(directory, 'secrets') } : {},
        path: `adapters.provider_settings.${candidate.provider}`,
      }),
    });
    try {
      app.register(FileSecrets, EnvSecrets);
      await store.rotate('api_token', 'from-file');
      await app.start();
      hook = new SecretsHook({ source: () => app.use<SecretSource>('adapter', 'secrets') });
      expect(await hook.get('api_token')).toBe('from-file');

      await app.swap('adapter', 'secrets', { provider: 'env' });
      expect(await hook.rotate()).toEqual({ rotated: ['api_token'] });
      expect(await hook.get('api_token')).toBe('from-env');
    } finally {
      delete process.env['ONEIRIC_SECRET_api_token'];
      await app.close();
    }
  });
});
