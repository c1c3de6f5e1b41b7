// The oneiric CLI with `--import @oneiric/actions`: listing the kits and invoking a few, results and typed errors, text and --json.
import { fileURLToPath } from 'node:url';
import { runInProcess, type RunResult } from '../../packages/cli/src/testing/runInProcess.js';

// The package's entry as a path: the test's temporary working directory cannot resolve the package name.
const ACTIONS = fileURLToPath(new URL('../../packages/actions/src/index.ts', import.meta.url));
const cli = runInProcess('oneiric-cli-actions-');

function invoke(key: string, payload: unknown, ...extra: string[]): Promise<RunResult> {
  return cli.run(['--import', ACTIONS, 'action', 'invoke', key, '--payload', JSON.stringify(payload), ...extra]);
}

describe('oneiric --import @oneiric/actions', () => {
  it('lists every action kit in the action domain', async () => {
    const result = await cli.run(['--import', ACTIONS, 'list', '--domain', 'action', '--json']);
    expect(result.code).toBe(0);
    const keys = (JSON.parse(result.stdout) as { active: { key: string }[] }).active.map((entry) => entry.key);
    expect(keys).toHaveLength(19);
    expect(keys).toEqual(expect.arrayContaining(['compression.encode', 'security.secure', 'task.schedule', 'workflow.retry', 'debug.console']));
  });

  it('compresses with action invoke --json, and decompresses the result with a second invoke', async () => {
    const encoded = await invoke('compression.encode', { data: 'hello hello hello', algorithm: 'brotli', level: 11 }, '--json');
    expect(encoded.code).toBe(0);
    const output = JSON.parse(encoded.stdout) as { key: string; provider: string; value: { data: string } };
    expect(output).toMatchObject({ key: 'compression.encode', provider: 'builtin', value: { algorithm: 'brotli', level: 11 } });
    const decoded = await invoke('compression.decode', { data: output.value.data, algorithm: 'brotli' }, '--json');
    expect(JSON.parse(decoded.stdout)).toMatchObject({ value: { data: 'hello hello hello' } });
  });

  it('prints a plain-text result line without --json', async () => {
    const result = await invoke('compression.hash', { data: 'abc', algorithm: 'sha3-256' });
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^action:compression\.hash \(builtin\) -> \{"algorithm":"sha3-256","encoding":"hex","digest":"3a985da7/) });
  });

  it('refuses an unknown payload field with exit 1 and DomainError invalidPayload naming it', async () => {
    // Payload validation happens in the bridge before the action runs.
    const result = await invoke('task.schedule', { cron: '* * * * *', cronn: 'typo' }, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'DomainError', kind: 'invalidPayload', context: { field: 'payload.cronn' } } });
  });

  it('reports an action failure as exit 1 with the ActionError kind', async () => {
    // Pickle is refused on purpose: reading it runs code chosen by its author.
    const result = await invoke('serialization.decode', { format: 'pickle', text: 'gASV' }, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'ActionError', kind: 'unsupported', context: { key: 'serialization.decode', field: 'format' } } });
  });

  it('plans a workflow and a retry through the CLI', async () => {
    const plan = await invoke('workflow.orchestrate', { steps: [{ stepId: 'fetch' }, { stepId: 'load', dependsOn: ['fetch'] }] }, '--json');
    expect(JSON.parse(plan.stdout)).toMatchObject({ value: { batches: [['fetch'], ['load']] } });
    const retry = await invoke('workflow.retry', { attempt: 3, maxAttempts: 3 }, '--json');
    expect(JSON.parse(retry.stdout)).toMatchObject({ value: { status: 'exhausted' } });
  });
});
