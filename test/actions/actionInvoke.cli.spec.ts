// The oneiric CLI with `--import @oneiric/actions`: listing the kits and invoking a few, results and typed errors, text and --json.
import { fileURLToPath } from 'node:url';
import { startLocalServer, type LocalServer } from '../../packages/actions/src/testing/localServer.js';
import { runInProcess, type RunResult } from '../../packages/cli/src/testing/runInProcess.js';

// The package's entry as a path: the test's temporary working directory cannot resolve the package name.
const ACTIONS = fileURLToPath(new URL('../../packages/actions/src/index.ts', import.meta.url));
const cli = runInProcess('oneiric-cli-actions-');

function invoke(key: string, payload: unknown, ...extra: string[]): Promise<RunResult> {
  // --local: the action runs in the CLI's own process (no runtime runs for the test's cache directory).
  return cli.run(['--local', '--import', ACTIONS, 'action', 'invoke', key, '--payload', JSON.stringify(payload), ...extra]);
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

describe('oneiric action invoke --json, for every action kit', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"up":true}'));
  });
  afterAll(async () => {
    await server.close();
  });

  // One ordinary payload per key, and a field of the result that shows the action ran.
  const cases: ReadonlyArray<readonly [string, () => Record<string, unknown>, Record<string, unknown>]> = [
    ['compression.encode', () => ({ data: 'hello', algorithm: 'deflate' }), { algorithm: 'deflate', inputBytes: 5 }],
    ['compression.decode', () => ({ data: 'H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==', algorithm: 'gzip' }), { data: 'hello' }],
    ['compression.hash', () => ({ data: 'abc', algorithm: 'blake2b512', encoding: 'base64' }), { algorithm: 'blake2b512', encoding: 'base64' }],
    ['security.signature', () => ({ message: 'Hi There', secret: '0b'.repeat(20), secretEncoding: 'hex' }), { signature: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' }],
    ['security.secure', () => ({ operation: 'compare', left: 'a', right: 'a' }), { equal: true }],
    ['serialization.encode', () => ({ format: 'json', data: [1, 'x'] }), { text: '[1,"x"]' }],
    ['serialization.decode', () => ({ format: 'yaml', text: 'a: 1' }), { data: { a: 1 } }],
    ['data.transform', () => ({ data: { a: 1 }, rename: { a: 'b' } }), { data: { b: 1 } }],
    ['data.sanitize', () => ({ data: { pin: '1234' }, mask: ['pin'] }), { data: { pin: '***' } }],
    ['validation.schema', () => ({ schema: { type: 'integer' }, data: 'x' }), { status: 'invalid' }],
    ['automation.trigger', () => ({ context: { a: 1 }, rules: [{ name: 'one', conditions: [{ path: 'a', operator: 'equals', value: 1 }] }] }), { status: 'triggered' }],
    ['event.dispatch', () => ({ topic: 'ping', payload: {} }), { status: 'planned' }],
    ['http.fetch', () => ({ url: `${server.baseUrl}/health` }), { statusCode: 200, json: { up: true }, via: 'fetch' }],
    ['task.schedule', () => ({ cron: '0 0 1 1 *', from: '2026-06-01T00:00:00Z', previews: 1 }), { nextRun: '2027-01-01T00:00:00.000Z' }],
    ['workflow.orchestrate', () => ({ steps: [{ stepId: 'only' }] }), { batches: [['only']] }],
    ['workflow.audit', () => ({ event: 'login', details: { password: 'p' } }), { details: { password: '[redacted]' } }],
    ['workflow.notify', () => ({ message: 'hi' }), { status: 'logged' }],
    ['workflow.retry', () => ({ attempt: 0 }), { status: 'scheduled', nextAttempt: 1, delayMs: 0 }],
    ['debug.console', () => ({ message: 'hello', data: { token: 't' } }), { data: { token: '[redacted]' } }],
  ];

  it('covers every registered key', () => {
    expect(cases.map(([key]) => key).sort()).toEqual([
      'automation.trigger', 'compression.decode', 'compression.encode', 'compression.hash', 'data.sanitize', 'data.transform', 'debug.console',
      'event.dispatch', 'http.fetch', 'security.secure', 'security.signature', 'serialization.decode', 'serialization.encode', 'task.schedule',
      'validation.schema', 'workflow.audit', 'workflow.notify', 'workflow.orchestrate', 'workflow.retry',
    ]);
  });

  it.each(cases)('%s runs and prints its result as JSON', async (key, payload, expected) => {
    const result = await invoke(key, payload(), '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ key, provider: 'builtin', value: expected });
  });
});
