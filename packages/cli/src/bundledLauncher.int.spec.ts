// The launcher bin/oneiric.js with the one-module CommonJS bundle: the same answers as dist/bin.js, and never a stale bundle (needs the build, done in beforeAll).
import { execFile } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { BIN, runNode, startRuntimeProject, stopRuntimeProject, withoutRunVariance, type BinResult, type RuntimeProject } from './testing/runtimeProcessFixture.js';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);
const LAUNCHER = fileURLToPath(new URL('../bin/oneiric.js', import.meta.url));
const BUNDLE_SCRIPT = fileURLToPath(new URL('../scripts/bundle.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/oneiric.bundle.cjs', import.meta.url));

let project: RuntimeProject;

function run(script: string, argv: readonly string[]): Promise<BinResult> {
  return runNode([script, ...argv], project.dir);
}

// True when the launcher required the bundle (NODE_DEBUG=module reports every CommonJS load).
async function loadsBundle(argv: readonly string[]): Promise<{ readonly loaded: boolean; readonly result: BinResult }> {
  const result = await runNode([LAUNCHER, ...argv], project.dir, { NODE_DEBUG: 'module' });
  return { loaded: result.stderr.includes(`load "${BUNDLE}"`), result };
}

beforeAll(async () => {
  project = await startRuntimeProject();
  await execFileAsync(process.execPath, [BUNDLE_SCRIPT], { timeout: 120_000 });
});

afterAll(() => stopRuntimeProject(project));

describe('bin/oneiric.js', () => {
  describe('having a bundle as new as the build', () => {
    it('requires the bundle for a routed command', async () => {
      const { loaded, result } = await loadsBundle(['status', '--json']);
      expect(loaded).toBe(true);
      expect(result.code).toBe(0);
    });

    it.each([
      [['status', '--json']],
      [['list', '--shadowed']],
      [['health']],
      [['swap', 'greeter', '--provider', 'french']],
      [['swap', 'greeter', '--provider', 'english', '--json']],
      [['swap', 'greter', '--json']],
      [['explain', 'greeter']],
      [['pause', 'nosuch']],
      [['status', '--domain', 'nosuch']],
      [['--version']],
    ])('answers %j as dist/bin.js does', async (argv) => {
      const bundled = await run(LAUNCHER, argv);
      const unbundled = await run(BIN, argv);

      expect(bundled.code).toBe(unbundled.code);
      expect(withoutRunVariance(bundled.stdout)).toBe(withoutRunVariance(unbundled.stdout));
      expect(bundled.stderr).toBe(unbundled.stderr);
    });
  });

  describe('having a bundle older than the last build', () => {
    afterEach(() => {
      const now = new Date();
      utimesSync(BUNDLE, now, now);
    });

    it('runs dist/bin.js instead, so a rebuild without re-bundling never runs old code', async () => {
      const longAgo = new Date('2001-01-01T00:00:00Z');
      utimesSync(BUNDLE, longAgo, longAgo);

      const { loaded, result } = await loadsBundle(['status', '--json']);

      expect(loaded).toBe(false);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout.slice(result.stdout.indexOf('{')))).toMatchObject({ domain: 'adapter', runtime: { phase: 'running' } });
    });
  });
});
