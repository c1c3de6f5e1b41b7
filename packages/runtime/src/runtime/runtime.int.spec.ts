// A runtime in this process over a real cache directory, control socket and TCP port.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Adapter, type Oneiric } from '@oneiric/core';
import { ControlClient } from '../client/controlClient.js';
import { readRuntimeRecord } from '../client/runtimeRecord.js';
import { createRuntime } from './createRuntime.js';
import type { Runtime } from './runtime.js';
import { RuntimeError } from './runtimeError.js';

@Adapter('greeter', 'english')
class EnglishGreeter {
  public static cleanups = 0;
  public greet(name: string): string {
    return `hello ${name}`;
  }
  public cleanup(): void {
    EnglishGreeter.cleanups += 1;
  }
}

function registerGreeter(app: Oneiric): void {
  app.register(EnglishGreeter);
}

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('Runtime', () => {
  let cwd = '';
  const started: Runtime[] = [];

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-'));
    EnglishGreeter.cleanups = 0;
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((runtime) => runtime.stop()));
    rmSync(cwd, { recursive: true, force: true });
  });

  async function startRuntime(config: Record<string, unknown> = {}): Promise<Runtime> {
    const runtime = await createRuntime({ cwd, env: {}, config: { logging: { level: 'error' }, ...config }, register: registerGreeter });
    started.push(runtime);
    await runtime.start();
    return runtime;
  }

  describe('start', () => {
    it('runs the application and answers on a 0600 socket in a 0700 directory, with a 0600 PID record and health file', async () => {
      const runtime = await startRuntime();
      const paths = runtime.paths;
      expect(runtime.phase).toBe('running');
      expect(runtime.app.use<EnglishGreeter>('adapter', 'greeter').greet('ada')).toBe('hello ada');
      expect(modeOf(paths.directory)).toBe(0o700);
      expect(modeOf(paths.socket)).toBe(0o600);
      expect(modeOf(paths.pidFile)).toBe(0o600);
      expect(modeOf(paths.healthFile)).toBe(0o600);
      expect(await readRuntimeRecord(paths.pidFile)).toMatchObject({ pid: process.pid, socket: paths.socket, profile: 'default' });
      const client = new ControlClient({ socketPath: paths.socket, timeoutMs: 5_000 });
      expect(await client.request('GET', '/healthz')).toBeDefined();
      const health = JSON.parse(readFileSync(paths.healthFile, 'utf8')) as { phase: string; ready: boolean; keys: unknown[] };
      expect(health).toMatchObject({ phase: 'running', ready: true, keys: [expect.objectContaining({ domain: 'adapter', key: 'greeter', provider: 'english', state: 'ready' })] });
    });

    it('refuses a second runtime on the same cache directory with RuntimeError alreadyRunning', async () => {
      const first = await startRuntime();
      const second = await createRuntime({ cwd, env: {}, config: { logging: { level: 'error' } }, register: registerGreeter });
      const starting = second.start();
      await expect(starting).rejects.toBeInstanceOf(RuntimeError);
      await expect(starting).rejects.toMatchObject({ kind: 'alreadyRunning', message: expect.stringContaining(`pid ${process.pid}`) });
      await second.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(first.phase).toBe('running');
      expect(JSON.parse(readFileSync(first.paths.healthFile, 'utf8'))).toMatchObject({ phase: 'running' });
      expect(existsSync(first.paths.socket)).toBe(true);
      expect((await readRuntimeRecord(first.paths.pidFile))?.pid).toBe(process.pid);
    });

    it('listens on TCP when runtime.http.port is set and records the port', async () => {
      const runtime = await startRuntime({ runtime: { http: { port: 0 } } });
      const port = runtime.httpAddress?.port ?? 0;
      expect(port).toBeGreaterThan(0);
      expect((await readRuntimeRecord(runtime.paths.pidFile))?.httpPort).toBe(port);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) });
      expect(ready.status).toBe(200);
    });
  });

  describe('with plugins.packages naming one good and one broken plugin', () => {
    it('registers the good one\'s providers, reports the broken one, and starts', async () => {
      for (const [name, body] of [
        ['acme-greeter', "export function register(app) { app.register({ domain: 'adapter', key: 'greeter', provider: 'french', priority: 50, factory: { kind: 'function', build: () => ({ greet: (n) => `bonjour ${n}` }) } }); }\n"],
        ['acme-broken', "throw new Error('broken on import');\n"],
      ] as const) {
        mkdirSync(path.join(cwd, 'node_modules', name), { recursive: true });
        writeFileSync(path.join(cwd, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', oneiric: './providers.js' }));
        writeFileSync(path.join(cwd, 'node_modules', name, 'providers.js'), body);
      }
      const runtime = await startRuntime({ plugins: { packages: ['acme-greeter', 'acme-broken'] } });
      const report = runtime.plugins();
      expect(report.enabled).toBe(true);
      expect(report.plugins).toEqual(expect.arrayContaining([
        expect.objectContaining({ packageName: 'acme-greeter', loaded: true }),
        expect.objectContaining({ packageName: 'acme-broken', loaded: false }),
      ]));
      expect(runtime.app.use<EnglishGreeter>('adapter', 'greeter').greet('ada')).toBe('bonjour ada');
    });
  });

  describe('rotateSecrets', () => {
    it('fetches the configured secrets at start and again on rotation, from the live adapter:secrets', async () => {
      let fetches = 0;
      const runtime = await createRuntime({
        cwd, env: {}, config: { logging: { level: 'error' }, secrets: { names: ['db_password'] } },
        register: (app) => {
          app.register({ domain: 'adapter', key: 'secrets', provider: 'counting', factory: { kind: 'function', build: () => ({ get: async (name: string) => `${name}-${++fetches}` }) } });
        },
      });
      started.push(runtime);
      await runtime.start();
      expect(await runtime.secrets.get('db_password')).toBe('db_password-1');
      expect(await runtime.rotateSecrets()).toEqual({ rotated: ['db_password'] });
      expect(await runtime.secrets.get('db_password')).toBe('db_password-2');
    });
  });

  describe('audit', () => {
    it('writes one line per mutating control request to remote.audit_log_file, whatever logging.level says', async () => {
      const auditFile = path.join(cwd, 'audit.log');
      @Adapter('greeter', 'spanish', 1)
      class SpanishGreeter {
        public greet(name: string): string {
          return `hola ${name}`;
        }
      }
      const runtime = await createRuntime({
        cwd, env: {}, config: { logging: { level: 'error' }, remote: { audit_log_file: 'audit.log' } },
        register: (app) => { app.register(EnglishGreeter, SpanishGreeter); },
      });
      started.push(runtime);
      await runtime.start();
      const client = new ControlClient({ socketPath: runtime.paths.socket, timeoutMs: 5_000 });
      await client.request('POST', '/v1/swap', { domain: 'adapter', key: 'greeter', provider: 'spanish' });
      expect(runtime.app.use<SpanishGreeter>('adapter', 'greeter').greet('ada')).toBe('hola ada');
      await runtime.stop();
      // The file transport writes asynchronously.
      for (let waited = 0; waited < 5_000 && !(existsSync(auditFile) && readFileSync(auditFile, 'utf8').includes('\n')); waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const lines = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual([expect.objectContaining({ component: 'oneiric-audit', event: 'control.swap', domain: 'adapter', key: 'greeter', provider: 'spanish' })]);
    });
  });

  describe('stop', () => {
    it('cleans every instance once, removes the socket and PID record, and leaves a stopped health snapshot', async () => {
      const runtime = await startRuntime();
      await Promise.all([runtime.stop(), runtime.stop()]);
      expect(EnglishGreeter.cleanups).toBe(1);
      expect(existsSync(runtime.paths.socket)).toBe(false);
      expect(existsSync(runtime.paths.pidFile)).toBe(false);
      expect(JSON.parse(readFileSync(runtime.paths.healthFile, 'utf8'))).toMatchObject({ phase: 'stopped', ready: false });
    });

    it('asked for while the start runs (a signal at start), waits for the start and then undoes all of it', async () => {
      const runtime = await createRuntime({ cwd, env: {}, config: { logging: { level: 'error' } }, register: registerGreeter });
      const starting = runtime.start();
      const stopping = runtime.stop();
      await starting;
      await stopping;
      expect(runtime.phase).toBe('stopped');
      expect(EnglishGreeter.cleanups).toBe(1);
      expect(existsSync(runtime.paths.socket)).toBe(false);
      expect(existsSync(runtime.paths.pidFile)).toBe(false);
    });

    it('answers 503 on /readyz while it drains in-flight calls', async () => {
      const runtime = await startRuntime({ runtime: { http: { port: 0 } } });
      const port = runtime.httpAddress?.port ?? 0;
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      // A call in flight through the live reference keeps the drain waiting.
      const greeter = runtime.app.use<EnglishGreeter & { slow(): Promise<string> }>('adapter', 'greeter');
      Object.defineProperty(runtime.app.current<EnglishGreeter>('adapter', 'greeter'), 'slow', { value: async () => { await gate; return 'done'; } });
      const inFlight = greeter.slow();
      const stopping = runtime.stop();
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) });
      expect(ready.status).toBe(503);
      release();
      await expect(inFlight).resolves.toBe('done');
      await stopping;
      expect(EnglishGreeter.cleanups).toBe(1);
    });
  });
});
