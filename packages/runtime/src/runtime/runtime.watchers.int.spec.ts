// What a runtime runs besides the application: the selection watcher and the task scheduler.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Adapter, Task, type Oneiric } from '@oneiric/core';
import { createRuntime } from './createRuntime.js';
import type { Runtime } from './runtime.js';

@Adapter('greeter', 'english', 10)
class EnglishGreeter {
  public greet(): string {
    return 'hello';
  }
}

@Adapter('greeter', 'spanish', 1)
class SpanishGreeter {
  public greet(): string {
    return 'hola';
  }
}

@Task('tick', 'default', { metadata: { intervalMs: 20 } })
class Tick {
  public static runs = 0;
  public run(): void {
    Tick.runs += 1;
  }
}

function register(app: Oneiric): void {
  app.register(EnglishGreeter, SpanishGreeter, Tick);
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Runtime watchers and scheduler', () => {
  let cwd = '';
  let runtime: Runtime | undefined;

  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-watch-'));
    Tick.runs = 0;
  });

  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    rmSync(cwd, { recursive: true, force: true });
  });

  describe('given a selection changed in the settings file while running', () => {
    it('swaps the key to the newly selected provider', async () => {
      const file = path.join(cwd, 'app.yaml');
      writeFileSync(file, 'logging: { level: error }\nadapters:\n  selections: { greeter: english }\nruntime: { poll_interval_ms: 50 }\n');
      runtime = await createRuntime({ cwd, env: {}, config: 'app.yaml', register });
      await runtime.start();
      const greeter = runtime.app.use<EnglishGreeter>('adapter', 'greeter');
      expect(greeter.greet()).toBe('hello');
      expect(runtime.health().watchers).toEqual(expect.arrayContaining([expect.stringMatching(/^selections:/), 'activity', 'scheduler']));

      writeFileSync(file, 'logging: { level: error }\nadapters:\n  selections: { greeter: spanish }\nruntime: { poll_interval_ms: 50 }\n');
      await waitFor(() => runtime?.app.active('adapter', 'greeter')?.provider === 'spanish', 'the swap to spanish');
      expect(greeter.greet()).toBe('hola');
    });
  });

  describe('given a selection changed in settings/local.yaml while running', () => {
    it('swaps the key too: every settings file that can hold a selection is watched', async () => {
      mkdirSync(path.join(cwd, 'settings'));
      writeFileSync(path.join(cwd, 'settings', 'oneiric.yaml'), 'logging: { level: error }\n');
      writeFileSync(path.join(cwd, 'settings', 'local.yaml'), 'adapters:\n  selections: { greeter: english }\n');
      // The inline settings select nothing for the key: a reload must keep them, not drop them.
      runtime = await createRuntime({ cwd, env: {}, config: { runtime: { poll_interval_ms: 50 }, services: { selections: { other: 'x' } } }, register });
      await runtime.start();
      expect(runtime.health().watchers).toEqual(expect.arrayContaining([expect.stringMatching(/^selections:oneiric\.yaml:/), expect.stringMatching(/^selections:local\.yaml:/)]));
      writeFileSync(path.join(cwd, 'settings', 'local.yaml'), 'adapters:\n  selections: { greeter: spanish }\n');
      await waitFor(() => runtime?.app.active('adapter', 'greeter')?.provider === 'spanish', 'the swap to spanish');
      expect(runtime.app.selection('service', 'other')).toBe('x');
    });
  });

  describe('having a task that declares an interval', () => {
    it('runs it on schedule until the runtime stops', async () => {
      runtime = await createRuntime({ cwd, env: {}, config: { logging: { level: 'error' } }, register });
      await runtime.start();
      await waitFor(() => Tick.runs >= 2, 'two scheduled runs');
      await runtime.stop();
      const runsAtStop = Tick.runs;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(Tick.runs).toBe(runsAtStop);
    });
  });

  describe('with the serverless profile', () => {
    it('runs no watchers, and the scheduler still runs', async () => {
      runtime = await createRuntime({ cwd, env: { PORT: '0' }, profile: 'serverless', config: { logging: { level: 'error' } }, register });
      await runtime.start();
      expect(runtime.health().watchers).toEqual(['scheduler']);
      await waitFor(() => Tick.runs >= 1, 'a scheduled run');
    });
  });
});
