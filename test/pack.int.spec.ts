// The packages as a user gets them: packed with `npm pack`, installed into a project outside the workspace, used from an ES module, a CommonJS file and the CLI.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { offlineLockfile, type Lockfile, type PackedWorkspace } from './packing/offlineLockfile.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const consumerFixtures = path.join(root, 'test', 'packing', 'consumer');
const FOLDERS = ['packages/core', 'packages/domains', 'packages/remote', 'packages/adapters', 'packages/actions', 'packages/fleet', 'packages/runtime', 'packages/cli'];
const INSTALL_TIMEOUT_MS = 180_000;

/** What `npm pack --json` reports for one package. */
interface PackReport {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

/** What every package.json declares that this test reads. */
interface PackageJson {
  exports: Record<string, string | Record<string, string>>;
}

/**
 * The environment for the npm and node children: the parent's, minus the `npm_*` variables
 * `npm test` sets for its own run (they name this workspace), keeping the user's cache and
 * registry settings.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const kept = ['npm_config_cache', 'npm_config_registry'];
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_') || kept.includes(name.toLowerCase())));
}

/** Every file an `exports` map points at, relative to the package root and without `./`. */
function exportTargets(exportsMap: PackageJson['exports']): string[] {
  return Object.values(exportsMap).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
    .map((target) => target.replace(/^\.\//, ''));
}

describe('the packed packages', () => {
  let workDir: string;
  let projectDir: string;
  let reports: PackReport[];
  const env = childEnvironment();

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'oneiric-pack-'));
    projectDir = path.join(workDir, 'app');
    const tarballDir = path.join(workDir, 'tarballs');
    await mkdir(tarballDir);
    await mkdir(projectDir);
    const workspaceArgs = FOLDERS.flatMap((folder) => ['-w', folder]);
    const packed = await run('npm', ['pack', '--json', '--pack-destination', tarballDir, ...workspaceArgs], { cwd: root, env, timeout: INSTALL_TIMEOUT_MS });
    reports = JSON.parse(packed.stdout) as PackReport[];
    const workspaces: PackedWorkspace[] = reports.map((report, index) => ({
      name: report.name,
      folder: FOLDERS[index] as string,
      tarball: `../tarballs/${report.filename}`,
    }));
    const workspaceLock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
    const lock = offlineLockfile(workspaceLock, workspaces);
    const manifest = { name: lock['name'], version: '1.0.0', private: true, type: 'module', dependencies: lock.packages['']?.dependencies };
    await writeFile(path.join(projectDir, 'package.json'), JSON.stringify(manifest, null, 2));
    await writeFile(path.join(projectDir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    // Offline: the tarballs of the dependencies come from the npm cache, as with `npm ci`.
    await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: projectDir, env, timeout: INSTALL_TIMEOUT_MS });
    for (const file of ['quickstart.mts', 'quickstart.cjs', 'providers.mjs', 'tsconfig.json']) {
      await copyFile(path.join(consumerFixtures, file), path.join(projectDir, file));
    }
  }, INSTALL_TIMEOUT_MS * 2);

  afterAll(async () => {
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  it('packs every package with its README, LICENSE and compiled entry points', () => {
    expect(reports.map((report) => report.name)).toEqual(['@oneiric/core', '@oneiric/domains', '@oneiric/remote', '@oneiric/adapters', '@oneiric/actions', '@oneiric/fleet', '@oneiric/runtime', '@oneiric/cli']);
    for (const report of reports) {
      const paths = report.files.map((file) => file.path);
      expect({ name: report.name, missing: ['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts'].filter((p) => !paths.includes(p)) })
        .toEqual({ name: report.name, missing: [] });
    }
  });

  it('ships no build info, and no source map since no source ships', () => {
    for (const report of reports) {
      const paths = report.files.map((file) => file.path);
      const sources = paths.filter((p) => /\.[cm]?ts$/.test(p) && !/\.d\.[cm]?ts$/.test(p));
      expect({ name: report.name, buildInfo: paths.filter((p) => p.endsWith('.tsbuildinfo')), sources, maps: paths.filter((p) => p.endsWith('.map')) })
        .toEqual({ name: report.name, buildInfo: [], sources: [], maps: [] });
    }
  });

  it('ships only compiled files whose source still exists (no stale output of a deleted file)', () => {
    reports.forEach((report, index) => {
      const stale = report.files.map((file) => file.path)
        .filter((p) => p.startsWith('dist/') && /\.(js|d\.ts)$/.test(p))
        .filter((p) => !existsSync(path.join(root, FOLDERS[index] as string, p.replace(/^dist\//, 'src/').replace(/(\.d)?\.(js|ts)$/, '.ts'))));
      expect({ name: report.name, stale }).toEqual({ name: report.name, stale: [] });
    });
  });

  it('ships every file its exports map points at, and no dangling sourceMappingURL', async () => {
    for (const folder of FOLDERS) {
      const manifest = JSON.parse(await readFile(path.join(root, folder, 'package.json'), 'utf8')) as PackageJson & { name: string };
      const installed = path.join(projectDir, 'node_modules', manifest.name);
      const targets = exportTargets(manifest.exports);
      expect({ name: manifest.name, missing: targets.filter((target) => !existsSync(path.join(installed, target))) }).toEqual({ name: manifest.name, missing: [] });
      const entry = await readFile(path.join(installed, 'dist', 'index.js'), 'utf8');
      expect(entry).not.toContain('sourceMappingURL');
    }
  });

  it('runs the quick start from an ES module compiled with the decorator settings the README gives', async () => {
    const typescript = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [typescript, '-p', 'tsconfig.json'], { cwd: projectDir, env, timeout: 60_000 });
    const { stdout } = await run(process.execPath, ['quickstart.mjs'], { cwd: projectDir, env, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ before: 'redis', after: 'memory', winner: 'memory' });
  }, 120_000);

  it('runs the quick start from a CommonJS file with require(), and every package and subpath loads', async () => {
    const { stdout } = await run(process.execPath, ['quickstart.cjs'], { cwd: projectDir, env, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      before: 'redis',
      after: 'memory',
      winner: 'memory',
      loaded: ['@oneiric/domains', '@oneiric/remote', '@oneiric/adapters', '@oneiric/cli', '@oneiric/core/internal', '@oneiric/core/testing'],
    });
  });

  it('installs the oneiric binary, which lists the providers of a user module', async () => {
    const bin = path.join(projectDir, 'node_modules', '.bin', 'oneiric');
    const { stdout } = await run(bin, ['--import', './providers.mjs', 'list', '--domain', 'adapter', '--json'], { cwd: projectDir, env, timeout: 30_000 });
    const report = JSON.parse(stdout) as { active: Array<{ key: string; provider: string }> };
    expect(report.active.map((entry) => `${entry.key}:${entry.provider}`)).toEqual(['cache:memory']);
  });
});
