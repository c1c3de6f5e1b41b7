// In-process tests of what the CLI does when no runtime runs for the cache directory, and of issue 11's item 4 stumbles.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const LIFECYCLE = fileURLToPath(new URL('./__fixtures__/lifecycleProviders.ts', import.meta.url));
const DOMAIN_PROVIDERS = fileURLToPath(new URL('./__fixtures__/domainProviders.ts', import.meta.url));
const PROVIDERS = fileURLToPath(new URL('./__fixtures__/providers.ts', import.meta.url));

const cli = runInProcess('oneiric-cli-live-');

function run(...argv: string[]): Promise<RunResult> {
  return cli.run(argv, { env: { ONEIRIC_CACHE_DIR: path.join(cli.workDir, 'cache') } });
}

describe('without a runtime', () => {
  it.each([
    ['swap', 'cache'],
    ['pause', 'cache'],
    ['drain', 'cache'],
    ['remote-sync'],
    ['event', 'emit', 'user.created'],
    ['workflow', 'run', 'etl'],
    ['action', 'invoke', 'refund'],
    ['secrets', 'rotate'],
  ])('refuses %s with exit 1 and the message naming the cache directory, changing nothing', async (...argv) => {
    const result = await run('--import', LIFECYCLE, ...argv);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`oneiric: no runtime is running for ${path.join(cli.workDir, 'cache')}; start one with \`oneiric start\`, or pass \`--local\` to act on an in-process copy\n`);
  });

  it('reports the refusal as a typed JSON error with --json', async () => {
    const result = await run('--import', LIFECYCLE, 'swap', 'cache', '--json');

    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'CommandError', kind: 'noRuntime', context: { cacheDir: path.join(cli.workDir, 'cache') } } });
  });

  it('answers read-only commands from the files and says so on stderr', async () => {
    const result = await run('--import', PROVIDERS, 'list');

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Active adapters:\n  - cache/redis (priority=400 stack=0 source=local)\n');
    expect(result.stderr).toBe(`oneiric: note: no runtime is running for ${path.join(cli.workDir, 'cache')}; answering from the files\n`);
  });

  it('acts on an in-process copy with --local, without the note', async () => {
    const result = await run('--local', '--import', LIFECYCLE, 'swap', 'cache');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Swapped adapter:cache -> memory/);
    expect(result.stderr).toBe('');
  });

  it('finds the cache directory the settings files name', async () => {
    mkdirSync(path.join(cli.workDir, 'settings'));
    writeFileSync(path.join(cli.workDir, 'settings', 'oneiric.yaml'), 'cache_dir: var/from-file\n');

    const result = await cli.run(['swap', 'cache'], { env: {} });

    expect(result.stderr).toContain(`no runtime is running for ${path.join(cli.workDir, 'var', 'from-file')};`);
  });
});

describe('pause and drain', () => {
  it('refuse a key nothing registers, with a did-you-mean, and write nothing', async () => {
    const result = await run('--local', '--import', DOMAIN_PROVIDERS, 'pause', 'refnd', '--domain', 'action');

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('oneiric: action:refnd has no registered candidate; did you mean action:refund?\n');
    const activity = await run('--local', 'activity', '--json');
    expect(JSON.parse(activity.stdout)).toEqual({ keys: [], totals: { paused: 0, draining: 0 } });
  });
});

describe('health', () => {
  it('exits 1 while a key runs a provider forced past a failing health check', async () => {
    expect((await run('--local', '--import', LIFECYCLE, 'swap', 'cache', '--provider', 'sick', '--force')).code).toBe(0);

    const result = await run('--local', '--import', LIFECYCLE, 'health');

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('adapter:cache state=ready current=sick');
  });

  it('exits 0 once the key is healthy again', async () => {
    await run('--local', '--import', LIFECYCLE, 'swap', 'cache', '--provider', 'sick', '--force');
    await run('--local', '--import', LIFECYCLE, 'swap', 'cache', '--provider', 'memory');

    expect((await run('--local', '--import', LIFECYCLE, 'health')).code).toBe(0);
  });
});

describe('selected', () => {
  it('means "named by the configured selection" in both list --json and explain --json', async () => {
    const env = { ONEIRIC_CACHE_DIR: path.join(cli.workDir, 'cache'), ONEIRIC_ADAPTERS__SELECTIONS__CACHE: 'memory' };
    const list = await cli.run(['--local', '--import', PROVIDERS, 'list', '--shadowed', '--json'], { env });
    const explain = await cli.run(['--local', '--import', PROVIDERS, 'explain', 'cache', '--json'], { env });
    const plain = await run('--local', '--import', PROVIDERS, 'explain', 'cache', '--json');

    const listed = JSON.parse(list.stdout) as { active: { provider: string; selected: boolean }[]; shadowed: { provider: string; selected: boolean }[] };
    const explained = JSON.parse(explain.stdout) as { ranked: { provider: string; selected: boolean; winner: boolean }[] };
    const unselected = JSON.parse(plain.stdout) as { ranked: { provider: string; selected: boolean; winner: boolean }[] };
    expect(listed.active.map((entry) => [entry.provider, entry.selected])).toEqual([['memory', true]]);
    expect(listed.shadowed.map((entry) => [entry.provider, entry.selected])).toEqual([['redis', false]]);
    expect(explained.ranked.map((entry) => [entry.provider, entry.selected, entry.winner])).toEqual([['memory', true, true], ['redis', false, false]]);
    // The winner by precedence alone is the winner, not "selected".
    expect(unselected.ranked.map((entry) => [entry.provider, entry.selected, entry.winner])).toEqual([['redis', false, true], ['memory', false, false]]);
  });
});

describe('workflow run --resume', () => {
  it('refuses when nothing is checkpointed, and runs nothing', async () => {
    const result = await run('--local', '--import', DOMAIN_PROVIDERS, 'workflow', 'run', 'etl', '--resume', '--json');

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'CommandError', kind: 'nothingToResume', message: 'workflow etl has no checkpointed run to resume; run it without --resume to start one' } });
    expect(result.stdout).toBe('');
  });
});

describe('-V/--version', () => {
  it('after a command is a usage error pointing at --workflow-version, never the CLI version', async () => {
    const result = await run('--local', '--import', DOMAIN_PROVIDERS, 'workflow', 'plan', 'etl', '--version', '2');

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('oneiric: --version goes before the command (workflow plan); choose a workflow\'s version with --workflow-version\n');
  });

  it('--workflow-version chooses the workflow\'s version', async () => {
    const result = await run('--local', '--import', DOMAIN_PROVIDERS, 'workflow', 'plan', 'etl', '--workflow-version', '3');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Workflow etl (default, version 3): 2 layers');
  });

  it('before the command still prints the CLI version', async () => {
    const result = await run('--version');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('--import', () => {
  it('resolves a package whose exports offer only an import condition (ES module resolution)', async () => {
    const packageDir = path.join(cli.workDir, 'node_modules', 'esm-only-providers');
    mkdirSync(packageDir, { recursive: true });
    writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({ name: 'esm-only-providers', type: 'module', exports: { '.': { import: './index.js' } } }));
    writeFileSync(path.join(packageDir, 'index.js'), "export const providers = [{ domain: 'adapter', key: 'queue', provider: 'esm', priority: 3, factory: { kind: 'function', build: () => ({}) } }];\n");

    const result = await run('--local', '--import', 'esm-only-providers', 'list');

    expect(result).toEqual({ code: 0, stdout: 'Active adapters:\n  - queue/esm (priority=3 stack=0 source=local)\n', stderr: '' });
  });
});

describe('a PID record naming a live process with no socket', () => {
  beforeEach(() => {
    // This very test process is alive, but nothing listens on the socket the record names.
    const directory = path.join(cli.workDir, 'cache', 'runtime');
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, 'runtime.pid'), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), socket: path.join(directory, 'control.sock'), profile: 'default' }));
  });

  it('counts as no runtime: read-only commands answer from the files', async () => {
    const result = await run('--import', PROVIDERS, 'list');

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('answering from the files');
  });

  it('counts as no runtime: mutating commands are refused with the usual message', async () => {
    const result = await run('--import', LIFECYCLE, 'swap', 'cache');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no runtime is running for');
  });
});
