// The launcher bin/oneiric.js with the one-module bundle: the same answers as dist/bin.js, and never a stale bundle (needs the build, done in beforeAll).
import { execFile } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { BIN, buildCli, createRuntimeProject, runNode, type BinResult, type RuntimeProject } from './testing/runtimeProcessFixture.js';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);
const LAUNCHER = fileURLToPath(new URL('../bin/oneiric.js', import.meta.url));
const BUNDLE_SCRIPT = fileURLToPath(new URL('../scripts/bundle.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/oneiric.bundle.js', import.meta.url));

let project: RuntimeProject;
let loadHook: string;

function run(script: string, argv: readonly string[], nodeArgs: readonly string[] = []): Promise<BinResult> {
  return runNode([...nodeArgs, script, ...argv], project.dir);
}

// The modules of this repository the launcher loads, as the load hook reports them on stderr.
async function loadedModules(argv: readonly string[]): Promise<string[]> {
  const { stderr } = await run(LAUNCHER, argv, ['--import', loadHook]);
  return stderr.split('\n').filter((line) => line.startsWith('LOADED ')).map((line) => path.basename(line.slice('LOADED '.length)));
}

// What differs between two runs by nature: durations, snapshot times, and (the first run swapped) the provider before a swap.
const withoutDurations = (text: string): string => text.replace(/in \d+\.\d+ ms/g, 'in N ms').replace(/"durationMs": [\d.]+/g, '"durationMs": N')
  .replace(/"updatedAt": "[^"]+"/g, '"updatedAt": T').replace(/"previousProvider": "[^"]+"/g, '"previousProvider": P');

beforeAll(async () => {
  await buildCli();
  await execFileAsync(process.execPath, [BUNDLE_SCRIPT], { timeout: 120_000 });
  project = createRuntimeProject();
  // A module-load hook that names every file of the CLI loaded, so a test sees which entry ran.
  const hooks = path.join(project.dir, 'hooks.mjs');
  writeFileSync(hooks, "export async function load(url, context, next) { if (url.includes('/packages/cli/')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }\n");
  loadHook = path.join(project.dir, 'register.mjs');
  writeFileSync(loadHook, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`);
  const started = await project.oneiric('start', '--json');
  expect(started.code).toBe(0);
});

afterAll(async () => {
  await project.oneiric('stop', '--timeout', '10000');
  project.remove();
});

describe('bin/oneiric.js', () => {
  describe('having a bundle as new as the build', () => {
    it('loads the bundle alone for a routed command', async () => {
      expect(await loadedModules(['status', '--json'])).toEqual(['oneiric.js', 'oneiric.bundle.js']);
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
      expect(withoutDurations(bundled.stdout)).toBe(withoutDurations(unbundled.stdout));
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

      const loaded = await loadedModules(['status', '--json']);

      expect(loaded.slice(0, 3)).toEqual(['oneiric.js', 'bin.js', 'runRoutedCommand.js']);
      expect(loaded).not.toContain('oneiric.bundle.js');
    });
  });
});
