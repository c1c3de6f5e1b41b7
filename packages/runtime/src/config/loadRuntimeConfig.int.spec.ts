// Real settings files in a temporary directory, read the way a runtime reads them at start.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@oneiric/core';
import { loadRuntimeConfig } from './loadRuntimeConfig.js';

describe('loadRuntimeConfig', () => {
  let cwd = '';

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-config-'));
    mkdirSync(path.join(cwd, 'settings'));
  });

  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  describe('with no files at all', () => {
    it('gives the defaults: profile default, no TCP listener, remote off', async () => {
      const config = await loadRuntimeConfig({ cwd, env: {} });
      expect(config.profile).toBe('default');
      expect(config.httpPort).toBeUndefined();
      expect(config.remote.enabled).toBe(false);
      expect(config.sections.runtime.shutdown_timeout_ms).toBe(15_000);
      expect(config.cacheDir).toBe(path.join(cwd, '.oneiric_cache'));
    });
  });

  describe('given one explicit file with core and runtime sections', () => {
    it('validates each part and lays the file over core layers and the environment', async () => {
      writeFileSync(path.join(cwd, 'settings', 'oneiric.yaml'), 'cache_dir: from-project\nlogging:\n  level: info\n');
      writeFileSync(path.join(cwd, 'app.yaml'), [
        'cache_dir: from-explicit',
        'adapters:',
        '  selections: { cache: memory }',
        'runtime:',
        '  shutdown_timeout_ms: 2500',
        '  http: { port: 0, admin_token: s3cret }',
        'plugins: { packages: [acme-plugin] }',
      ].join('\n'));
      const config = await loadRuntimeConfig({ cwd, config: 'app.yaml', env: { ONEIRIC_CACHE_DIR: 'from-env' } });
      expect(config.settings.cache_dir).toBe('from-explicit');
      expect(config.settings.logging.level).toBe('info');
      expect(config.settings.adapters.selections).toEqual({ cache: 'memory' });
      expect(config.sections.runtime.shutdown_timeout_ms).toBe(2500);
      expect(config.sections.runtime.http.admin_token).toBe('s3cret');
      expect(config.httpPort).toBe(0);
      expect(config.sections.plugins.packages).toEqual(['acme-plugin']);
      expect(config.configFile).toBe(path.join(cwd, 'app.yaml'));
    });

    it('names the file and the dotted field of a bad runtime value', async () => {
      writeFileSync(path.join(cwd, 'app.yaml'), 'runtime:\n  http:\n    port: 70000\n');
      await expect(loadRuntimeConfig({ cwd, config: 'app.yaml', env: {} })).rejects.toThrow(
        expect.objectContaining({ kind: 'invalidField', message: expect.stringMatching(/app\.yaml: runtime\.http\.port: .*65535/) }) as Error,
      );
    });

    it('refuses an unknown runtime field', async () => {
      writeFileSync(path.join(cwd, 'app.yaml'), 'runtime:\n  shutdown_timeuot_ms: 5\n');
      await expect(loadRuntimeConfig({ cwd, config: 'app.yaml', env: {} })).rejects.toThrow(/runtime\.shutdown_timeuot_ms/);
    });
  });

  describe('with the runtime sections in settings/runtime.yaml', () => {
    it('reads them next to core\'s files, and remote from settings/remote.yaml', async () => {
      writeFileSync(path.join(cwd, 'settings', 'runtime.yaml'), 'runtime:\n  scheduler_enabled: false\n');
      writeFileSync(path.join(cwd, 'settings', 'remote.yaml'), 'remote:\n  enabled: true\n  manifest_url: https://example.invalid/m.yaml\n');
      const config = await loadRuntimeConfig({ cwd, env: {} });
      expect(config.sections.runtime.scheduler_enabled).toBe(false);
      expect(config.remote).toMatchObject({ enabled: true, manifest_url: 'https://example.invalid/m.yaml' });
    });
  });

  describe('profiles', () => {
    it('serverless: no watchers, no refresh loop, cache-only manifest, HTTP on $PORT on every interface', async () => {
      const config = await loadRuntimeConfig({ cwd, profile: 'serverless', env: { PORT: '9123' } });
      expect(config.profile).toBe('serverless');
      expect(config.sections.runtime).toMatchObject({ watchers_enabled: false, refresh_loop_enabled: false, remote_start: 'cache' });
      expect(config.sections.runtime.http.host).toBe('0.0.0.0');
      expect(config.httpPort).toBe(9123);
    });

    it('serverless without $PORT listens on 8080', async () => {
      expect((await loadRuntimeConfig({ cwd, env: { ONEIRIC_PROFILE: 'serverless' } })).httpPort).toBe(8080);
    });

    it('a bad $PORT is a ConfigError naming the variable', async () => {
      await expect(loadRuntimeConfig({ cwd, profile: 'serverless', env: { PORT: 'eighty' } })).rejects.toThrow(/PORT: must be a TCP port/);
    });

    it('a named profile declared in settings overlays core and runtime sections, chosen by profile.name', async () => {
      writeFileSync(path.join(cwd, 'app.yaml'), [
        'profile: { name: quiet }',
        'profiles:',
        '  quiet:',
        '    logging: { level: error }',
        '    runtime: { watchers_enabled: false }',
      ].join('\n'));
      const config = await loadRuntimeConfig({ cwd, config: 'app.yaml', env: {} });
      expect(config.profile).toBe('quiet');
      expect(config.settings.logging.level).toBe('error');
      expect(config.sections.runtime.watchers_enabled).toBe(false);
    });

    it('an unknown profile is a ConfigError listing the declared and built-in ones', async () => {
      writeFileSync(path.join(cwd, 'app.yaml'), 'profiles:\n  quiet: {}\n');
      const loading = loadRuntimeConfig({ cwd, config: 'app.yaml', env: { ONEIRIC_PROFILE: 'lite' } });
      await expect(loading).rejects.toBeInstanceOf(ConfigError);
      await expect(loading).rejects.toThrow('unknown runtime profile "lite"; profiles that exist: default, quiet, serverless');
    });
  });

  it('a missing explicit file is a ConfigError naming it', async () => {
    await expect(loadRuntimeConfig({ cwd, config: 'nosuch.yaml', env: {} })).rejects.toMatchObject({ kind: 'missingExplicitFile' });
  });
});

describe('loadRuntimeConfig with ONEIRIC_RUNTIME__* and friends', () => {
  let cwd = '';

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-env-'));
  });

  afterEach(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  it('reads the runtime\'s sections from the environment, typed by their defaults, and leaves core its variables', async () => {
    const config = await loadRuntimeConfig({
      cwd,
      env: {
        ONEIRIC_RUNTIME__HTTP__PORT: '8080',
        ONEIRIC_RUNTIME__HTTP__ADMIN_TOKEN: '123456',
        ONEIRIC_RUNTIME__WATCHERS_ENABLED: 'false',
        ONEIRIC_PLUGINS__PACKAGES: 'acme-a, acme-b',
        ONEIRIC_REMOTE__TRUSTED_PUBLIC_KEYS: 'k1',
        ONEIRIC_LOG_LEVEL: 'debug',
      },
    });
    expect(config.httpPort).toBe(8080);
    expect(config.sections.runtime.http.admin_token).toBe('123456');
    expect(config.sections.runtime.watchers_enabled).toBe(false);
    expect(config.sections.plugins.packages).toEqual(['acme-a', 'acme-b']);
    expect(config.remote.trusted_public_keys).toEqual(['k1']);
    expect(config.settings.logging.level).toBe('debug');
  });

  it('lets the explicit file win over the environment', async () => {
    writeFileSync(path.join(cwd, 'app.yaml'), 'runtime: { shutdown_timeout_ms: 1000 }\n');
    const config = await loadRuntimeConfig({ cwd, config: 'app.yaml', env: { ONEIRIC_RUNTIME__SHUTDOWN_TIMEOUT_MS: '2000' } });
    expect(config.sections.runtime.shutdown_timeout_ms).toBe(1000);
  });

  it('names a bad variable\'s field', async () => {
    await expect(loadRuntimeConfig({ cwd, env: { ONEIRIC_RUNTIME__HTTP__PORT: 'http' } })).rejects.toThrow(/runtime\.http\.port/);
  });

  it('reads the fleet section: ids, buckets and credentials stay text even when all digits', async () => {
    const config = await loadRuntimeConfig({
      cwd,
      env: {
        ONEIRIC_FLEET__ENABLED: 'true', ONEIRIC_FLEET__INSTANCE_ID: '42', ONEIRIC_FLEET__BUCKET: '2026', ONEIRIC_FLEET__PASSWORD: '123456',
        ONEIRIC_FLEET__USER: 'ops', ONEIRIC_FLEET__HEARTBEAT_MS: '500', ONEIRIC_FLEET__GONE_AFTER_MS: '1500',
      },
    });
    expect(config.sections.fleet).toMatchObject({ enabled: true, instance_id: '42', bucket: '2026', password: '123456', user: 'ops', heartbeat_ms: 500, gone_after_ms: 1500, url: 'nats://127.0.0.1:4222' });
  });

  it('refuses a fleet bucket name NATS does not allow, naming the field (ConfigError)', async () => {
    const error = await loadRuntimeConfig({ cwd, env: { ONEIRIC_FLEET__BUCKET: 'my.bucket' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/fleet\.bucket: .*letters, digits, _ and -/);
  });
});
