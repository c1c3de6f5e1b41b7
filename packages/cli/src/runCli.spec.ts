// In-process tests of the oneiric CLI: output formats, global options, configuration and exit codes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const PROVIDERS = path.join(FIXTURES, 'providers.ts');
const REGISTER_HOOK = path.join(FIXTURES, 'registerHook.ts');

// A fresh working directory (no settings/ files) and an environment of the test's own, so the
// developer's settings files or ONEIRIC_* variables cannot change the outcome.
const cli = runInProcess('oneiric-cli-');

// --local: these tests are about the in-process copy (no runtime runs for their cache directory).
const run = (argv: readonly string[], env: Record<string, string> = {}): Promise<RunResult> => cli.run(['--local', ...argv], { env });

function expectOneErrorLine(result: RunResult): void {
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('list', () => {
  it('prints the active adapters in the Python line format', async () => {
    const result = await run(['--import', PROVIDERS, 'list']);

    expect(result).toEqual({
      code: 0,
      stdout: 'Active adapters:\n  - cache/redis (priority=400 stack=0 source=local)\n',
      stderr: '',
    });
  });

  it('accepts global options after the command', async () => {
    const result = await run(['list', '--import', PROVIDERS]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  - cache/redis (priority=400 stack=0 source=local)');
  });

  it('prints (none) when nothing is registered', async () => {
    const result = await run(['list']);

    expect(result).toEqual({ code: 0, stdout: 'Active adapters:\n  (none)\n', stderr: '' });
  });

  it('adds a Shadowed block after a blank line with --shadowed', async () => {
    const result = await run(['--import', PROVIDERS, 'list', '--shadowed']);

    expect(result.stdout).toBe([
      'Active adapters:',
      '  - cache/redis (priority=400 stack=0 source=local)',
      '',
      'Shadowed adapters:',
      '  - cache/memory (priority=100 stack=0 source=local)',
      '',
    ].join('\n'));
  });

  it('reads --domain case-insensitively and shows descriptions', async () => {
    const result = await run(['--import', PROVIDERS, 'list', '--domain', 'SerVice']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Active services:\n  - checkout/default (priority=10 stack=0 source=local) - checkout flow\n');
  });

  it('prints JSON with stable field names, shadowed only when asked for', async () => {
    const plain = await run(['--import', PROVIDERS, 'list', '--json']);
    const withShadowed = await run(['--import', PROVIDERS, 'list', '--json', '--shadowed']);

    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual({
      domain: 'adapter',
      active: [{ key: 'cache', provider: 'redis', priority: 400, stackLevel: 0, source: 'local', capabilities: [], selected: false }],
    });
    expect(JSON.parse(withShadowed.stdout)).toMatchObject({
      shadowed: [{ key: 'cache', provider: 'memory', priority: 100, selected: false }],
    });
  });

  it('includes description and capabilities in JSON entries', async () => {
    const result = await run(['--import', PROVIDERS, 'list', '--domain', 'service', '--json']);

    expect(JSON.parse(result.stdout)).toEqual({
      domain: 'service',
      active: [{
        key: 'checkout', provider: 'default', priority: 10, stackLevel: 0, source: 'local',
        capabilities: ['payments'], description: 'checkout flow', selected: false,
      }],
    });
  });
});

describe('--import contract', () => {
  it('calls register(app) and ignores providers when a module exports both', async () => {
    const result = await run(['--import', REGISTER_HOOK, 'list', '--json', '--shadowed']);

    const report = JSON.parse(result.stdout) as { active: { provider: string }[]; shadowed: unknown[] };
    expect(report.active.map((entry) => entry.provider)).toEqual(['lru']);
    expect(report.shadowed).toEqual([]);
  });

  it('imports repeated --import modules in order', async () => {
    const result = await run(['--import', PROVIDERS, '--import', REGISTER_HOOK, 'list', '--shadowed']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  - cache/redis (priority=400');
    expect(result.stdout).toContain('  - cache/lru (priority=50');
  });

  it('resolves ./relative paths against the working directory', async () => {
    writeFileSync(path.join(cli.workDir, 'local.mjs'), 'export function register() {}\n');

    const result = await run(['--import', './local.mjs', 'list']);

    expect(result).toEqual({ code: 0, stdout: 'Active adapters:\n  (none)\n', stderr: '' });
  });

  it('resolves package specifiers from the working directory, exports subpaths included', async () => {
    const packageDir = path.join(cli.workDir, 'node_modules', '@acme', 'queues');
    mkdirSync(packageDir, { recursive: true });
    writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({
      name: '@acme/queues', type: 'module', exports: { './providers': './providers.js' },
    }));
    writeFileSync(path.join(packageDir, 'providers.js'), [
      'export const providers = [',
      "  { domain: 'adapter', key: 'queue', provider: 'acme', priority: 7, factory: { kind: 'function', build: () => ({}) } },",
      '];',
      '',
    ].join('\n'));

    const result = await run(['--import', '@acme/queues/providers', 'list']);

    expect(result).toEqual({ code: 0, stdout: 'Active adapters:\n  - queue/acme (priority=7 stack=0 source=local)\n', stderr: '' });
  });

  // ModuleImportError invalidModule: the module loads but offers nothing to register: an import
  // error, exit 1 as the help says; the message must name the module.
  it('rejects a module that exports neither register nor providers with exit 1', async () => {
    const module = path.join(FIXTURES, 'noExports.ts');

    const result = await run(['--import', module, 'list']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`oneiric: --import ${module}: it exports neither register(app) nor a providers array\n`);
  });

  // ModuleImportError invalidModule again: a `providers` export that is not an array breaks the contract.
  it('rejects a providers export that is not an array with exit 1', async () => {
    writeFileSync(path.join(cli.workDir, 'bad.mjs'), 'export const providers = "redis";\n');

    const result = await run(['--import', './bad.mjs', 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('oneiric: --import ./bad.mjs: its "providers" export is a string, not an array\n');
  });

  // ModuleImportError moduleNotFound: the path does not exist; a failure (1), since the
  // invocation may be right and the module simply not built yet.
  it('fails with exit 1 when the module file does not exist', async () => {
    const result = await run(['--import', './missing.js', 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`oneiric: cannot import ./missing.js: ${path.join(cli.workDir, 'missing.js')} does not exist\n`);
  });

  // ModuleImportError moduleNotFound for a bare specifier that no package provides.
  it('fails with exit 1 when a package specifier cannot be resolved', async () => {
    const result = await run(['--import', '@oneiric-nonexistent/providers', 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^oneiric: cannot import @oneiric-nonexistent\/providers: no such package/);
    expectOneErrorLine(result);
  });

  // ModuleImportError moduleFailed: the module throws while evaluated; exit 1, one line, the
  // module's message kept, no stack trace.
  it('fails with exit 1 and no stack trace when the module throws on import', async () => {
    const module = path.join(FIXTURES, 'throwsOnImport.ts');

    const result = await run(['--import', module, 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`oneiric: cannot import ${module}: fixture exploded while loading\n`);
  });

  // RegistrationError missingMetadata from core: registering an undecorated class is an
  // Oneiric failure (1), reported with core's message that names the class.
  it('fails with exit 1 when a provider has no decorator', async () => {
    const result = await run(['--import', path.join(FIXTURES, 'undecoratedProvider.ts'), 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^oneiric: PlainClass: no provider decorator/);
    expectOneErrorLine(result);
  });

  it('prints the stack trace only with ONEIRIC_DEBUG=1', async () => {
    const module = path.join(FIXTURES, 'throwsOnImport.ts');

    const result = await run(['--import', module, 'list'], { ONEIRIC_DEBUG: '1' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).toContain('Caused by: Error: fixture exploded while loading');
  });
});

describe('explain', () => {
  it('prints the core Explanation as indented JSON with the winner and reasons', async () => {
    const result = await run(['--import', PROVIDERS, 'explain', 'cache', '--json']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\{\n {2}"domain": "adapter"/);
    const explanation = JSON.parse(result.stdout) as {
      winner: string; ranked: { rank: number; provider: string; selected: boolean; winner: boolean; reasons: string[] }[];
    };
    expect(explanation.winner).toBe('redis');
    // No selection configured: nothing is `selected` (as in list --json); the winner is rank 1.
    expect(explanation.ranked.map((entry) => [entry.rank, entry.provider, entry.selected, entry.winner])).toEqual([[1, 'redis', false, true], [2, 'memory', false, false]]);
    expect(explanation.ranked[0]?.reasons).toContain('priority 400 > 100 of memory');
  });

  it('prints a readable view: winner, ranked candidates with reasons', async () => {
    const result = await run(['--import', PROVIDERS, 'explain', 'cache']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Winner for adapter:cache: redis (beat memory on priority 400 > 100)');
    expect(result.stdout).toContain('Selection: none');
    expect(result.stdout).toMatch(/#1 {2}redis {3}source=local {2}winner\n/);
    expect(result.stdout).toContain('lost to redis on priority 400 > 100');
    expect(result.stdout).toContain('- priority 100 < 400 of redis');
    expect(result.stdout).not.toContain('Filtered out:');
  });

  it('filters by capability and lists the filtered candidates with their reasons', async () => {
    const result = await run(['--import', PROVIDERS, '--import', REGISTER_HOOK, 'explain', 'cache', '--capability', 'eviction']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Winner for adapter:cache: lru');
    expect(result.stdout).toContain('Requested capabilities: eviction (all required)');
    expect(result.stdout).toContain('Filtered out:\n  - redis (source=local): missing required capabilities: eviction');
  });

  it('--any keeps candidates with at least one requested capability', async () => {
    const result = await run(['--import', REGISTER_HOOK, 'explain', 'cache', '--capability', 'ttl,missing', '--any', '--json']);

    const explanation = JSON.parse(result.stdout) as { winner: string; request: { capabilities: string[]; requireAll: boolean } };
    expect(explanation.winner).toBe('lru');
    expect(explanation.request).toEqual({ capabilities: ['missing', 'ttl'], requireAll: false });
  });

  it('succeeds with no winner when the capability filter removes every candidate', async () => {
    const result = await run(['--import', PROVIDERS, 'explain', 'cache', '--capability', 'cluster']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Winner for adapter:cache: none (every candidate was filtered out)');
  });

  // ResolutionError noCandidate: a key nobody registered is almost always a typo; exit 1 so
  // scripts notice, rather than an empty ranking.
  it('fails with exit 1 for a key without candidates', async () => {
    const result = await run(['--import', PROVIDERS, 'explain', 'cahce']);

    expect(result).toEqual({ code: 1, stdout: '', stderr: 'oneiric: no candidates registered for adapter:cahce\n' });
  });

  // The same ResolutionError with --json: one JSON line carrying OneiricError.toJSON().
  it('prints errors as one JSON line with --json', async () => {
    const result = await run(['--import', PROVIDERS, 'explain', 'cahce', '--json']);

    expect(result.code).toBe(1);
    expectOneErrorLine(result);
    expect(JSON.parse(result.stderr)).toEqual({
      error: {
        name: 'ResolutionError', family: 'ResolutionError', kind: 'noCandidate',
        message: 'no candidates registered for adapter:cahce', context: { domain: 'adapter', key: 'cahce' },
      },
    });
  });

  // UsageError missingArgument (commander.missingArgument): KEY is required.
  it('fails with exit 2 without KEY', async () => {
    const result = await run(['explain']);

    expect(result).toEqual({ code: 2, stdout: '', stderr: "oneiric: missing required argument 'key'\n" });
  });
});

describe('usage errors', () => {
  // UsageError invalidDomain: --domain must name one of the six domains.
  it('rejects an unknown --domain with exit 2', async () => {
    const result = await run(['list', '--domain', 'gadget']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('oneiric: unknown domain "gadget" (expected one of: adapter, service, task, event, workflow, action)\n');
  });

  // UsageError invalidDomain as JSON: same exit code, the family says it is a usage error.
  it('reports a bad --domain as JSON with --json', async () => {
    const result = await run(['explain', 'cache', '--domain', 'gadget', '--json']);

    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'UsageError', kind: 'invalidDomain', context: { domain: 'gadget' } } });
  });

  // UsageError unknownOption (commander.unknownOption); commander's suggestion is folded into the one line.
  it('rejects an unknown option with exit 2 on one line', async () => {
    const result = await run(['list', '--jsn']);

    expect(result).toEqual({ code: 2, stdout: '', stderr: "oneiric: unknown option '--jsn' (Did you mean --json?)\n" });
  });

  // UsageError unknownCommand (commander.unknownCommand).
  it('rejects an unknown command with exit 2', async () => {
    const result = await run(['lsit']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oneiric: unknown command 'lsit'/);
    expectOneErrorLine(result);
  });

  // UsageError excessArguments (commander.excessArguments): explain takes one KEY.
  it('rejects extra arguments with exit 2', async () => {
    const result = await run(['explain', 'cache', 'queue']);

    expect(result.code).toBe(2);
    expectOneErrorLine(result);
  });

  // No command at all: the usage goes to stderr and the exit code is 2, so `oneiric` alone in a
  // script is noticed as a mistake.
  it('prints usage on stderr with exit 2 when no command is given', async () => {
    const result = await run([]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: oneiric [options] [command]');
  });

  it('prints help on stdout with exit 0 for --help', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: oneiric [options] [command]');
    expect(result.stdout).toContain('Exit codes: 0 success');
    expect(result.stderr).toBe('');
  });

  it('prints the version with exit 0', async () => {
    const result = await run(['--version']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
