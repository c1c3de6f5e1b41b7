// In-process tests of the CLI's lifecycle commands: swap, status and health, against a real status file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const PROVIDERS = fileURLToPath(new URL('./__fixtures__/lifecycleProviders.ts', import.meta.url));

const cli = runInProcess('oneiric-cli-lifecycle-');

function run(...argv: string[]): Promise<RunResult> {
  // cache_dir comes from the environment so every test writes its own status file.
  // --local: the in-process copy these tests are about (no runtime runs for their cache directory).
  return cli.run(['--local', '--import', PROVIDERS, ...argv], { env: { ONEIRIC_CACHE_DIR: path.join(cli.workDir, 'cache') } });
}

const statusFile = (): string => path.join(cli.workDir, 'cache', 'lifecycle_status.json');

describe('oneiric swap', () => {
  it('activates the precedence winner and records it in the status file', async () => {
    const result = await run('swap', 'cache');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Swapped adapter:cache -> memory \(precedence winner\) in \d+\.\d+ ms\n$/);
    const statuses = JSON.parse(readFileSync(statusFile(), 'utf8')) as Array<Record<string, unknown>>;
    expect(statuses).toEqual([expect.objectContaining({ domain: 'adapter', key: 'cache', state: 'ready', currentProvider: 'memory', successfulSwaps: 1, failedSwaps: 0 })]);
  });

  it('fails with exit 1 and records the failure when the health check fails', async () => {
    await run('swap', 'cache');
    const result = await run('swap', 'cache', '--provider', 'sick');
    // sick's health() returns false: LifecycleError healthFailed, one line on stderr.
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('oneiric: Health check failed for adapter:cache (sick): health() returned false\n');
    const status = await run('status', '--json');
    expect(JSON.parse(status.stdout).keys[0]).toMatchObject({ key: 'cache', state: 'failed', provider: 'memory', successfulSwaps: 1, failedSwaps: 1 });
  });

  it('accepts an unhealthy provider with --force and says so', async () => {
    const result = await run('swap', 'cache', '--provider', 'sick', '--force', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'sick', healthy: false, healthError: 'health() returned false' });
  });

  it('never lets --force hide an init failure', async () => {
    const result = await run('swap', 'cache', '--provider', 'broken', '--force', '--json');
    // broken's init() throws: LifecycleError initFailed even with --force, as a JSON error line.
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'LifecycleError', kind: 'initFailed', context: { key: 'cache', provider: 'broken' } } });
  });

  it('refuses an unknown provider without touching the status file', async () => {
    const result = await run('swap', 'cache', '--provider', 'nope');
    // nope is not registered: LifecycleError noCandidate; nothing was activated, nothing written.
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('oneiric: No candidate registered for adapter:cache with provider nope\n');
    expect(existsSync(statusFile())).toBe(false);
  });
});

describe('oneiric status', () => {
  it('reports each key with winner, shadowed count and swap latency', async () => {
    await run('swap', 'cache');
    await run('swap', 'cache');
    const result = await run('status');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Domain: adapter\nSwap latency \(last 2\): p50=[\d.]+ms p95=[\d.]+ms p99=[\d.]+ms success_rate=100%\n- cache: state=ready provider=memory winner=memory selection=auto shadowed=2\n$/);
  });

  it('says so when nothing was recorded yet', async () => {
    const result = await run('status', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({
      domain: 'adapter',
      keys: [{ key: 'cache', state: 'unknown', provider: null, winner: 'memory', shadowed: 2 }],
      swapLatency: { samples: 0, p50Ms: null, successRatePercent: null },
    });
  });

  it('survives a corrupt status file and replaces it', async () => {
    await run('swap', 'cache');
    writeFileSync(statusFile(), '{not json');
    const result = await run('status', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).keys[0]).toMatchObject({ state: 'unknown' });
    expect(() => JSON.parse(readFileSync(statusFile(), 'utf8')) as unknown).not.toThrow();
  });
});

describe('oneiric health', () => {
  it('prints the recorded statuses and exits 1 when one is failed', async () => {
    expect((await run('health')).stdout).toBe('No lifecycle statuses recorded yet.\n');
    await run('swap', 'cache');
    expect((await run('health')).code).toBe(0);
    await run('swap', 'cache', '--provider', 'sick');
    const result = await run('health');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^adapter:cache state=failed current=memory pending=none last_health=\S+ last_error="Health check failed/);
  });

  it('--probe activates and health-checks every registered key without writing the status file', async () => {
    const result = await run('health', '--probe', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ probes: [{ domain: 'adapter', key: 'cache', provider: 'memory', healthy: true, error: null }] });
    expect(existsSync(statusFile())).toBe(false);
  });
});
