// In-process tests of the domain commands: pause, drain, activity, event emit, action invoke, workflow plan and run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const PROVIDERS = fileURLToPath(new URL('./__fixtures__/domainProviders.ts', import.meta.url));
const FAIL_LOAD = Symbol.for('oneiric-cli-tests:fail-load');

const cli = runInProcess('oneiric-cli-domains-');

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[FAIL_LOAD];
});

function run(...argv: string[]): Promise<RunResult> {
  // cache_dir comes from the environment so every test writes its own status file.
  // --local: the in-process copy these tests are about (no runtime runs for their cache directory).
  return cli.run(['--local', '--import', PROVIDERS, ...argv], { env: { ONEIRIC_CACHE_DIR: path.join(cli.workDir, 'cache') } });
}

describe('oneiric pause, drain and activity', () => {
  it('pauses with a note, reports it in activity, and resumes', async () => {
    expect(await run('pause', 'refund', '--domain', 'action', '--note', 'maintenance')).toMatchObject({ code: 0, stdout: 'Paused action:refund (note=maintenance)\n' });
    const onDisk = JSON.parse(readFileSync(path.join(cli.workDir, 'cache', 'activity.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(onDisk['action']?.['refund']).toMatchObject({ paused: true, note: 'maintenance' });
    const activity = await run('activity');
    expect(activity.stdout).toContain('Total activity: paused=1 draining=0');
    expect(activity.stdout).toContain('action activity: paused=1 draining=0');
    expect(activity.stdout).toContain('  refund  paused  note=maintenance');
    expect(await run('pause', 'refund', '--domain', 'action', '--resume')).toMatchObject({ code: 0, stdout: 'Resumed action:refund\n' });
    expect(JSON.parse((await run('activity', '--json')).stdout)).toEqual({ keys: [], totals: { paused: 0, draining: 0 } });
  });

  it('drains and clears in another domain, and the JSON output carries the state', async () => {
    const drained = await run('drain', 'extract', '--domain', 'Task', '--note', 'deploy', '--json');
    expect(JSON.parse(drained.stdout)).toMatchObject({ domain: 'task', key: 'extract', paused: false, draining: true, note: 'deploy' });
    expect((await run('activity')).stdout).toContain('task activity: paused=0 draining=1');
    expect(await run('drain', 'extract', '--domain', 'task', '--clear')).toMatchObject({ code: 0, stdout: 'Cleared drain on task:extract\n' });
  });

  it('refuses pause and drain with exit 1 and one stderr line when activity.json is broken, leaving it untouched', async () => {
    const file = path.join(cli.workDir, 'cache', 'activity.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"adapter": {"db": {"paused": true}}');
    // writing would drop adapter:db's pause: DomainError activityStoreUnreadable naming the file, exit 1.
    for (const argv of [['pause', 'refund', '--domain', 'action'], ['drain', 'refund', '--domain', 'action']]) {
      const result = await run(...argv);
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
      expect(result.stderr).toContain(file);
    }
    expect(readFileSync(file, 'utf8')).toBe('{"adapter": {"db": {"paused": true}}');
  });

  it('rejects an unknown domain as a usage error', async () => {
    // "queue" is not a domain: UsageError invalidDomain, exit 2.
    expect(await run('pause', 'x', '--domain', 'queue')).toMatchObject({ code: 2 });
  });
});

describe('oneiric event emit', () => {
  it('dispatches to every matching handler and prints one line each', async () => {
    const result = await run('event', 'emit', 'user.created', '--payload', '{"name":"ada"}', '--headers', '{"tenant":"acme"}');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dispatched user.created to 2 handlers');
    expect(result.stdout).toMatch(/welcome:default {2}ok "welcome ada"/);
    expect(result.stdout).toMatch(/audit:default {2}ok "audited user.created"/);
  });

  it('prints JSON results and exits 1 when a handler failed', async () => {
    const result = await run('event', 'emit', 'order.paid', '--json');
    // broken throws "ledger offline": its result fails, so the command exits 1.
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).results).toEqual([expect.objectContaining({ handler: 'broken:default', success: false, error: 'ledger offline', attempts: 1 })]);
  });

  it('rejects a payload that is not JSON as a usage error', async () => {
    // "{nope" does not parse: UsageError invalidArgument naming --payload, exit 2.
    const result = await run('event', 'emit', 'x', '--payload', '{nope');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oneiric: --payload is not valid JSON/);
  });
});

describe('oneiric action invoke', () => {
  it('validates the payload, runs the winner and prints its result', async () => {
    const result = await run('action', 'invoke', 'refund', '--payload', '{"orderId":"o-7","cents":250}');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^action:refund \(ledger\) -> \{"refunded":250,"order":"o-7"\}/);
  });

  it('runs the provider named by --provider and prints JSON', async () => {
    const result = await run('action', 'invoke', 'refund', '--provider', 'manual', '--payload', '{"orderId":"o-8","cents":1}', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ key: 'refund', provider: 'manual', value: 'ticket for o-8' });
  });

  it('refuses a payload the payload class rejects, naming the field, and runs nothing', async () => {
    // cents 0 breaks @Min(1): DomainError invalidPayload naming "cents", exit 1.
    const result = await run('action', 'invoke', 'refund', '--payload', '{"orderId":"o-9","cents":0}');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^oneiric: .*cents/);
  });

  it('refuses unknown payload fields, so a typo is not silently ignored', async () => {
    // "cent" is not a field of RefundRequest: invalidPayload (unknown fields are forbidden), exit 1.
    const result = await run('action', 'invoke', 'refund', '--payload', '{"orderId":"o-9","cents":5,"cent":5}');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cent/);
  });

  it('rejects a payload that is not a JSON object as a usage error', async () => {
    // [1] is JSON but not an object: UsageError invalidArgument, exit 2.
    const result = await run('action', 'invoke', 'refund', '--payload', '[1]');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oneiric: --payload must be a JSON object/);
  });
});

describe('oneiric workflow', () => {
  it('plans the layers', async () => {
    const result = await run('workflow', 'plan', 'etl');
    expect(result).toMatchObject({ code: 0, stdout: 'Workflow etl (default, version 3): 2 layers\n  layer 1: extract\n  layer 2: load\n' });
  });

  it('fails naming the node, then --resume completes skipping the finished node', async () => {
    (globalThis as Record<symbol, unknown>)[FAIL_LOAD] = true;
    const failed = await run('workflow', 'run', 'etl');
    // load throws "warehouse locked": DomainError workflowNodeFailed, exit 1.
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('oneiric: Workflow etl failed at node load: warehouse locked\n');
    (globalThis as Record<symbol, unknown>)[FAIL_LOAD] = false;
    const resumed = await run('workflow', 'run', 'etl', '--resume', '--json');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ workflow: 'etl', resumedNodes: ['extract'], nodes: { load: { value: 20 } } });
  });

  it('refuses a paused workflow naming the state', async () => {
    await run('pause', 'etl', '--domain', 'workflow');
    const result = await run('workflow', 'run', 'etl');
    // paused by the previous command: DomainError paused, exit 1.
    expect(result).toMatchObject({ code: 1, stderr: 'oneiric: workflow:etl is paused\n' });
  });
});
