// The CLI against a real runtime process: start, live commands through the control socket, stop (needs the build, done in beforeAll).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { buildCli, createRuntimeProject, type RuntimeProject } from './testing/runtimeProcessFixture.js';

jest.setTimeout(120_000);

let project: RuntimeProject;

beforeAll(async () => {
  await buildCli();
  project = createRuntimeProject();
  const started = await project.oneiric('start', '--json');
  expect(started.stderr).toBe('');
  expect(started.code).toBe(0);
});

afterAll(async () => {
  // Stops the runtime by its PID record; a no-op when a test already stopped it.
  await project.oneiric('stop', '--timeout', '10000');
  project.remove();
});

describe('oneiric against a running runtime', () => {
  it('process-status reports it running, with pid and socket', async () => {
    const result = await project.oneiric('process-status', '--json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      state: 'running', phase: 'running', socket: path.join(project.dir, '.oneiric_cache', 'runtime', 'control.sock'),
    });
  });

  it('swap changes what the running application itself answers', async () => {
    expect(await project.greeting()).toBe('hello');

    const swapped = await project.oneiric('swap', 'greeter', '--provider', 'french');

    expect(swapped.code).toBe(0);
    expect(swapped.stdout).toMatch(/^Swapped adapter:greeter -> french in /);
    expect(await project.greeting()).toBe('bonjour');
    const list = JSON.parse((await project.oneiric('list', '--json', '--shadowed')).stdout) as { shadowed: { provider: string; live: boolean }[] };
    expect(list.shadowed).toEqual([expect.objectContaining({ provider: 'english', live: false })]);

    await project.oneiric('swap', 'greeter', '--provider', 'english');
    expect(await project.greeting()).toBe('hello');
  });

  it('status and health come from the runtime, with no note about files', async () => {
    const status = await project.oneiric('status', '--json');
    const health = await project.oneiric('health');

    expect(status.stderr).toBe('');
    expect(JSON.parse(status.stdout)).toMatchObject({ runtime: { phase: 'running' }, keys: [{ key: 'greeter', state: 'ready', paused: false }] });
    expect(health.code).toBe(0);
    expect(health.stdout).toContain('adapter:greeter state=ready provider=');
  });

  it('pause is applied by the runtime at once and shows in its status; resume restores it', async () => {
    const paused = await project.oneiric('pause', 'greeter', '--note', 'maintenance');
    const status = JSON.parse((await project.oneiric('status', '--json')).stdout) as { keys: { key: string; paused: boolean; note: string | null }[] };
    const resumed = await project.oneiric('pause', 'greeter', '--resume');
    const after = JSON.parse((await project.oneiric('status', '--json')).stdout) as { keys: { key: string; paused: boolean }[] };

    expect(paused).toMatchObject({ code: 0, stdout: 'Paused adapter:greeter (note=maintenance)\n' });
    expect(status.keys).toEqual([expect.objectContaining({ key: 'greeter', paused: true, note: 'maintenance' })]);
    expect(resumed.code).toBe(0);
    expect(after.keys).toEqual([expect.objectContaining({ key: 'greeter', paused: false })]);
  });

  it('refuses an unknown key with the runtime\'s typed answer', async () => {
    const result = await project.oneiric('pause', 'greter', '--json');

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { kind: 'unknownKey' } });
  });

  it('10 CLI processes swapping 5 times each at once leave a consistent status', async () => {
    const swapper = async (index: number): Promise<number[]> => {
      const codes: number[] = [];
      for (let round = 0; round < 5; round += 1) {
        codes.push((await project.oneiric('swap', 'greeter', '--provider', (index + round) % 2 === 0 ? 'french' : 'english')).code);
      }
      return codes;
    };
    const before = JSON.parse((await project.oneiric('status', '--json')).stdout) as { keys: { successfulSwaps: number; failedSwaps: number }[] };

    const codes = (await Promise.all(Array.from({ length: 10 }, (_, index) => swapper(index)))).flat();

    expect(codes).toEqual(Array.from({ length: 50 }, () => 0));
    const status = JSON.parse((await project.oneiric('status', '--json')).stdout) as { keys: { state: string; provider: string; successfulSwaps: number; failedSwaps: number; inFlight: number }[] };
    const key = status.keys[0]!;
    expect(key.state).toBe('ready');
    expect(key.successfulSwaps - before.keys[0]!.successfulSwaps).toBe(50);
    expect(key.failedSwaps).toBe(before.keys[0]!.failedSwaps);
    // The recorded provider is the one the application answers with.
    expect(await project.greeting()).toBe(key.provider === 'french' ? 'bonjour' : 'hello');
  });

  it('event emit, workflow run and action invoke run in the runtime', async () => {
    const event = await project.oneiric('event', 'emit', 'user.created', '--payload', '{"name":"ada"}', '--json');
    const run = await project.oneiric('workflow', 'run', 'etl', '--json');
    const resume = await project.oneiric('workflow', 'run', 'etl', '--resume', '--json');
    const action = await project.oneiric('action', 'invoke', 'echo', '--payload', '{"text":"hi"}', '--json');

    expect(event.code).toBe(0);
    expect(JSON.parse(event.stdout)).toMatchObject({ topic: 'user.created', results: [{ handler: expect.stringContaining('welcome'), success: true, value: 'welcome ada' }] });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ workflow: 'etl', nodes: { extract: { value: 2 } } });
    // The finished run left no checkpoint: the runtime refuses to resume, typed.
    expect(resume.code).toBe(1);
    expect(JSON.parse(resume.stderr)).toMatchObject({ error: { kind: 'nothingToResume' } });
    expect(action.code).toBe(0);
    expect(JSON.parse(action.stdout)).toMatchObject({ key: 'echo', provider: 'default', value: 'echoed hi' });
  });

  it('plugins, secrets rotate and remote-sync get the runtime\'s answers', async () => {
    const plugins = await project.oneiric('plugins', '--json');
    const secrets = await project.oneiric('secrets', 'rotate', '--json');
    const sync = await project.oneiric('remote-sync', '--json');

    expect(plugins.code).toBe(0);
    expect(JSON.parse(plugins.stdout)).toMatchObject({ enabled: false, plugins: [] });
    expect(secrets.code).toBe(0);
    expect(JSON.parse(secrets.stdout)).toMatchObject({ rotated: [] });
    // No remote configured: the runtime's typed refusal, not a local sync.
    expect(sync.code).toBe(1);
    expect(JSON.parse(sync.stderr)).toMatchObject({ error: { family: 'ControlError' } });
    // --manifest would sync a copy the running application never sees: refused unless --local.
    const elsewhere = await project.oneiric('remote-sync', '--manifest', 'http://127.0.0.1:9/manifest.json');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('pass --local');
  });

  it('sends a request without loading core, Inversify or class-validator (the client path stays light)', async () => {
    // A module resolve hook logs every module the CLI process imports.
    writeFileSync(path.join(project.dir, 'hooks.mjs'), [
      "import { appendFileSync } from 'node:fs';",
      'let log;',
      'export function initialize(data) { log = data.log; }',
      'export async function resolve(specifier, context, next) {',
      '  const result = await next(specifier, context);',
      "  appendFileSync(log, `${result.url}\\n`);",
      '  return result;',
      '}',
      '',
    ].join('\n'));
    const loaded = async (log: string, ...argv: string[]): Promise<string> => {
      writeFileSync(path.join(project.dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url, { data: { log: ${JSON.stringify(path.join(project.dir, log))} } });\n`);
      const result = await project.oneiricWithNode(['--import', './register.mjs'], ...argv);
      expect(result.code).toBe(0);
      return readFileSync(path.join(project.dir, log), 'utf8');
    };
    const heavy = /\/packages\/core\/|\/inversify|class-validator/;

    const viaRuntime = await loaded('status.log', 'status', '--json');
    const inProcess = await loaded('local.log', '--local', 'status', '--json');

    expect(viaRuntime).toContain('/runtime/dist/client/');
    expect(viaRuntime).not.toMatch(heavy);
    // The hook does see them when the command builds an application: the check above can fail.
    expect(inProcess).toMatch(heavy);
  });

  it('stop ends it with SIGTERM; then mutating commands are refused and process-status exits 1', async () => {
    const stopped = await project.oneiric('stop');
    const swap = await project.oneiric('swap', 'greeter');
    const processStatus = await project.oneiric('process-status');

    expect(stopped).toMatchObject({ code: 0 });
    expect(stopped.stdout).toMatch(/^Stopped the runtime \(pid \d+\) with SIGTERM\n$/);
    expect(swap.code).toBe(1);
    expect(swap.stderr).toContain('no runtime is running for');
    expect(processStatus.code).toBe(1);
  });
});

describe('oneiric start with a runtime that cannot start', () => {
  it('fails with exit 1 naming its log, which holds the reason', async () => {
    const broken = createRuntimeProject();
    try {
      writeFileSync(path.join(broken.dir, 'providers.mjs'), 'throw new Error("providers exploded");\n');

      const result = await broken.oneiric('start', '--timeout', '30000');

      expect(result.code).toBe(1);
      const log = path.join(broken.dir, '.oneiric_cache', 'runtime', 'runtime.log');
      expect(result.stderr).toBe(`oneiric: the runtime exited with code 1; see ${log}\n`);
      expect(readFileSync(log, 'utf8')).toContain('providers exploded');
    } finally {
      broken.remove();
    }
  });
});

describe('oneiric start after the runtime was killed', () => {
  it('replaces the stale PID record and socket, on the same socket path', async () => {
    const killed = createRuntimeProject();
    try {
      const first = JSON.parse((await killed.oneiric('start', '--json')).stdout) as { pid: number; socket: string };
      process.kill(first.pid, 'SIGKILL');
      await waitUntilGone(first.pid);
      const stale = await killed.oneiric('process-status', '--json');

      const second = await killed.oneiric('start', '--json');

      expect(JSON.parse(stale.stdout)).toMatchObject({ state: 'stale', pid: first.pid });
      expect(second.code).toBe(0);
      const restarted = JSON.parse(second.stdout) as { pid: number; socket: string };
      expect(restarted.pid).not.toBe(first.pid);
      expect(restarted.socket).toBe(first.socket);
      expect(await killed.greeting()).toBe('hello');
    } finally {
      await killed.oneiric('stop', '--timeout', '10000');
      killed.remove();
    }
  });
});

// SIGKILL is immediate, but the process table entry goes when its parent (init here) reaps it.
async function waitUntilGone(pid: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`pid ${pid} still exists 5 s after SIGKILL`);
}
