// In-process tests of --config: the explicit settings file as the highest layer, and its errors.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const PROVIDERS = fileURLToPath(new URL('./__fixtures__/providers.ts', import.meta.url));

const cli = runInProcess('oneiric-cli-config-');

// --local: these tests are about the in-process copy (no runtime runs for their cache directory).
const run = (argv: readonly string[], env: Record<string, string> = {}): Promise<RunResult> => cli.run(['--local', ...argv], { env });

function expectOneErrorLine(result: RunResult): void {
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('--config', () => {
  it('applies the file selections as tier 1, flipping the winner', async () => {
    writeFileSync(path.join(cli.workDir, 'oneiric.yaml'), 'adapters:\n  selections:\n    cache: memory\n');

    const list = await run(['--config', 'oneiric.yaml', '--import', PROVIDERS, 'list', '--json']);
    const explain = await run(['explain', 'cache', '--config', path.join(cli.workDir, 'oneiric.yaml'), '--import', PROVIDERS]);

    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ active: [{ provider: 'memory', selected: true }] });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('Winner for adapter:cache: memory (beat redis on selection (memory is selected))');
    expect(explain.stdout).toContain('Selection: memory');
  });

  it('marks the selected winner in text output', async () => {
    writeFileSync(path.join(cli.workDir, 'oneiric.yaml'), 'adapters:\n  selections:\n    cache: memory\n');

    const result = await run(['--config', 'oneiric.yaml', '--import', PROVIDERS, 'list']);

    expect(result.stdout).toBe('Active adapters:\n  - cache/memory (priority=100 stack=0 source=local) [selected]\n');
  });

  // ConfigError unparsableFile from the core loader: a broken explicit file is a failure (1),
  // reported on one line that names the file, without a stack trace.
  it('fails with exit 1 and a one-line error naming a file that does not parse', async () => {
    const file = path.join(cli.workDir, 'broken.yaml');
    writeFileSync(file, 'adapters:\n  selections: [cache: memory\n');

    const result = await run(['--config', file, '--import', PROVIDERS, 'list']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^oneiric: /);
    // The loader names files inside the working directory relative to it.
    expect(result.stderr).toContain('broken.yaml');
    expectOneErrorLine(result);
  });

  // ConfigError missingExplicitFile: a --config path that does not exist is a failure (1).
  it('fails with exit 1 when the --config file does not exist', async () => {
    const result = await run(['--config', 'nope.yaml', 'list']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.yaml');
    expectOneErrorLine(result);
  });

  // ConfigError as JSON: the family and file reach the JSON consumer.
  it('reports configuration errors as JSON with --json', async () => {
    const file = path.join(cli.workDir, 'broken.yaml');
    writeFileSync(file, 'adapters:\n  selections: [cache: memory\n');

    const result = await run(['--config', file, 'list', '--json']);

    expect(result.code).toBe(1);
    expectOneErrorLine(result);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'ConfigError' } });
  });

  it('accepts a runtime\'s settings file (runtime sections beside core\'s), read as the runtime reads it', async () => {
    writeFileSync(path.join(cli.workDir, 'app.yaml'), 'adapters:\n  selections:\n    cache: memory\nruntime:\n  shutdown_timeout_ms: 5000\nplugins:\n  auto_load: false\n');

    const result = await run(['--config', 'app.yaml', '--import', PROVIDERS, 'list', '--json']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ active: [{ provider: 'memory', selected: true }] });
  });
});
