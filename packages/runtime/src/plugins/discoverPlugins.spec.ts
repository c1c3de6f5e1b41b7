// Plugin discovery over fixture packages in a temporary node_modules: ESM-only, exports
// conditions, register(app), and broken ones reported while the rest load.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Oneiric } from '@oneiric/core';
import { discoverPlugins } from './discoverPlugins.js';

const CACHE_PROVIDER = `export const providers = [{ domain: 'adapter', key: 'cache', provider: 'acme', factory: { kind: 'function', build: () => ({ name: 'acme cache' }) } }];\n`;
const REGISTER_MAILER = `export async function register(app) {
  app.register({ domain: 'service', key: 'mailer', provider: 'console', factory: { kind: 'function', build: () => ({ send: () => 'printed' }) } });
}\n`;

type Files = Record<string, string>;

async function writePackage(root: string, name: string, manifest: Record<string, unknown>, files: Files): Promise<void> {
  const directory = path.join(root, 'node_modules', name);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...manifest }));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
    await writeFile(path.join(directory, file), content);
  }
}

async function writeFixtures(root: string): Promise<void> {
  const dependencies = ['@acme/esm-plugin', 'exports-plugin', 'register-plugin', 'broken-plugin', 'neither-plugin', 'plain-lib', 'not-installed'];
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'app', type: 'module', dependencies: Object.fromEntries(dependencies.map((name) => [name, '*'])) }));
  // ESM-only: its exports offer nothing but an `import` condition, and no ./package.json.
  await writePackage(root, '@acme/esm-plugin', { type: 'module', exports: { '.': { import: './index.js' } }, oneiric: './providers.js' }, { 'index.js': 'export {};\n', 'providers.js': CACHE_PROVIDER });
  await writePackage(root, 'exports-plugin', {
    type: 'module',
    exports: { './providers': { require: './lib/providers.cjs', import: './lib/providers.mjs' } },
    oneiric: { providers: './providers' },
  }, { 'lib/providers.mjs': CACHE_PROVIDER.replace("provider: 'acme'", "provider: 'exported'"), 'lib/providers.cjs': 'throw new Error("the require condition was used");\n' });
  await writePackage(root, 'register-plugin', { type: 'module', oneiric: './register.js' }, { 'register.js': REGISTER_MAILER });
  await writePackage(root, 'broken-plugin', { type: 'module', oneiric: './providers.js' }, { 'providers.js': "throw new Error('boom at import');\n" });
  await writePackage(root, 'neither-plugin', { type: 'module', oneiric: './providers.js' }, { 'providers.js': 'export const something = 1;\n' });
  await writePackage(root, 'plain-lib', { type: 'module', main: './index.js' }, { 'index.js': 'export {};\n' });
}

describe('discoverPlugins', () => {
  let root: string;
  let app: Oneiric;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'oneiric-plugins-'));
    await writeFixtures(root);
    app = new Oneiric();
  });

  afterEach(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('with auto_load, loads every dependency that declares providers, reports the broken ones, skips the rest', async () => {
    const report = await discoverPlugins(app, { cwd: root, autoLoad: true });

    expect(report.enabled).toBe(true);
    expect(report.plugins).toEqual([
      { packageName: '@acme/esm-plugin', module: './providers.js', loaded: true, candidates: ['adapter:cache:acme'] },
      { packageName: 'broken-plugin', module: './providers.js', loaded: false, candidates: [], error: { kind: 'importFailed', message: expect.stringContaining('boom at import') } },
      { packageName: 'exports-plugin', module: './providers', loaded: true, candidates: ['adapter:cache:exported'] },
      { packageName: 'neither-plugin', module: './providers.js', loaded: false, candidates: [], error: { kind: 'invalidModule', message: expect.stringContaining('neither a register(app) function nor a providers array') } },
      { packageName: 'register-plugin', module: './register.js', loaded: true, candidates: ['service:mailer:console'] },
    ]);
  });

  it('registers plugin providers the application then serves', async () => {
    await discoverPlugins(app, { cwd: root, autoLoad: true });
    app.setSelection('adapter', 'cache', 'acme');
    await app.start();

    expect(app.use<{ name: string }>('adapter', 'cache').name).toBe('acme cache');
    expect(app.use<{ send(): string }>('service', 'mailer').send()).toBe('printed');
    expect(app.candidates('adapter', 'cache').find((candidate) => candidate.provider === 'acme')?.packageName).toBe('@acme/esm-plugin');
  });

  it('without auto_load, loads only plugins.packages and reports listed ones that are missing or not plugins', async () => {
    const report = await discoverPlugins(app, { cwd: root, autoLoad: false, packages: ['register-plugin', 'plain-lib', 'not-installed'] });

    expect(report.plugins.map((plugin) => [plugin.packageName, plugin.loaded, plugin.error?.kind])).toEqual([
      ['register-plugin', true, undefined],
      ['plain-lib', false, 'notAPlugin'],
      ['not-installed', false, 'notFound'],
    ]);
    expect(app.keys('adapter')).toEqual([]);
  });

  it('is off without auto_load or packages', async () => {
    expect(await discoverPlugins(app, { cwd: root, autoLoad: false })).toEqual({ enabled: false, plugins: [] });
  });

  it('refuses an oneiric field that leaves the package', async () => {
    await writePackage(root, 'escaping-plugin', { oneiric: './../register-plugin/register.js' }, {});
    const report = await discoverPlugins(app, { cwd: root, autoLoad: false, packages: ['escaping-plugin'] });
    expect(report.plugins[0]?.error?.kind).toBe('invalidManifest');
    expect(app.keys('service')).toEqual([]);
  });
});
