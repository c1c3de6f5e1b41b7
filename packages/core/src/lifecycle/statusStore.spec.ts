import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Container } from 'inversify';
import { Oneiric } from '../application/oneiric.js';
import { initialKeyStatus, type KeyStatus } from '../models/keyStatus.js';
import { Resolver } from '../services/resolver.js';
import { captureLogger } from '../testing/captureLogger.js';
import { tick } from '../testing/tick.js';
import { LifecycleManager } from './lifecycleManager.js';
import { STATUS_FILE_NAME, StatusStore } from './statusStore.js';

function readyStatus(key: string, overrides: Partial<KeyStatus> = {}): KeyStatus {
  return {
    ...initialKeyStatus('adapter', key),
    state: 'ready',
    currentProvider: 'redis',
    lastStateChangeAt: '2025-01-02T03:04:05.000Z',
    lastActivatedAt: '2025-01-02T03:04:05.000Z',
    lastHealthAt: '2025-01-02T03:04:06.000Z',
    lastSwapDurationMs: 12.5,
    recentSwapDurationsMs: [10, 12.5],
    successfulSwaps: 2,
    failedSwaps: 1,
    ...overrides,
  };
}

const directories: string[] = [];

async function tempDir(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'oneiric-status-'));
  directories.push(directory);
  return directory;
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('StatusStore', () => {
  describe('set and flush', () => {
    it('writes every status to <cacheDir>/lifecycle_status.json, which a new store loads back', async () => {
      const directory = await tempDir();
      const store = new StatusStore(directory);
      expect(store.path).toBe(join(directory, STATUS_FILE_NAME));
      const cache = readyStatus('cache');
      const queue = readyStatus('queue', { state: 'failed', lastError: 'Health check failed for adapter:queue (sqs)' });

      store.set(cache);
      store.set(queue);
      await store.flush();

      expect(await readJson(join(directory, 'lifecycle_status.json'))).toEqual([cache, queue]);
      const reloaded = new StatusStore(directory);
      await reloaded.load();
      expect(reloaded.get('adapter', 'cache')).toEqual(cache);
      expect(reloaded.get('adapter', 'queue')).toEqual(queue);
      expect(reloaded.all()).toHaveLength(2);
    });

    it('writes the file with mode 0600', async () => {
      const directory = await tempDir();
      const store = new StatusStore(directory);
      store.set(readyStatus('cache'));
      await store.flush();

      const { mode } = await stat(join(directory, STATUS_FILE_NAME));
      if (process.platform !== 'win32') {
        expect(mode & 0o777).toBe(0o600);
      }
    });

    it('creates a missing cache directory', async () => {
      const directory = join(await tempDir(), 'nested', 'cache');
      const store = new StatusStore(directory);
      store.set(readyStatus('cache'));
      await store.flush();
      expect(await readJson(join(directory, STATUS_FILE_NAME))).toEqual([readyStatus('cache')]);
    });

    it('replaces the status of a key instead of adding a second one', async () => {
      const directory = await tempDir();
      const store = new StatusStore(directory);
      store.set(readyStatus('cache', { successfulSwaps: 1 }));
      store.set(readyStatus('cache', { successfulSwaps: 2 }));
      await store.flush();
      expect(await readJson(join(directory, STATUS_FILE_NAME))).toEqual([readyStatus('cache', { successfulSwaps: 2 })]);
    });

    it('ends with the file equal to the last state after concurrent bursts of set(), leaving no temp files', async () => {
      const directory = await tempDir();
      const store = new StatusStore(directory);
      const keys = ['cache', 'queue', 'db', 'blob'];

      // Bursts from several "writers", interleaved with the store's own writes at random points.
      await Promise.all(keys.map(async (key, writer) => {
        for (let round = 0; round < 50; round += 1) {
          store.set(readyStatus(key, { successfulSwaps: round, lastSwapDurationMs: writer * 1000 + round }));
          if ((round + writer) % 3 === 0) {
            await tick();
          } else if ((round + writer) % 3 === 1) {
            await Promise.resolve();
          }
        }
      }));
      store.set(readyStatus('cache', { successfulSwaps: 999 }));
      await store.flush();

      const expected = store.all();
      expect(expected.find((status) => status.key === 'cache')?.successfulSwaps).toBe(999);
      expect(expected.find((status) => status.key === 'queue')?.successfulSwaps).toBe(49);
      expect(await readJson(join(directory, STATUS_FILE_NAME))).toEqual(expected);
      expect(await readdir(directory)).toEqual([STATUS_FILE_NAME]);
    });

    it('flushes writes scheduled while a write is running', async () => {
      const directory = await tempDir();
      const store = new StatusStore(directory);
      store.set(readyStatus('cache', { successfulSwaps: 1 }));
      const firstFlush = store.flush();
      // A write is now scheduled or running; this change must not be lost by the flush below.
      await Promise.resolve();
      store.set(readyStatus('cache', { successfulSwaps: 2 }));
      await firstFlush;
      await store.flush();

      expect(await readJson(join(directory, STATUS_FILE_NAME))).toEqual([readyStatus('cache', { successfulSwaps: 2 })]);
      expect(await readdir(directory)).toEqual([STATUS_FILE_NAME]);
    });

    it('keeps statuses in memory only when it has no cache directory', async () => {
      const store = new StatusStore(undefined);
      expect(store.path).toBeUndefined();
      store.set(readyStatus('cache'));
      await store.flush();
      await store.load();
      expect(store.get('adapter', 'cache')).toEqual(readyStatus('cache'));
    });

    it('logs a failed write as an error without throwing', async () => {
      const { logger, lines } = captureLogger();
      const blocker = join(await tempDir(), 'not-a-directory');
      await writeFile(blocker, 'x');
      const store = new StatusStore(join(blocker, 'cache'), logger);

      store.set(readyStatus('cache'));
      await expect(store.flush()).resolves.toBeUndefined();

      await tick();
      expect(lines()).toContainEqual(expect.objectContaining({ level: 'error', message: 'could not write status file' }));
      expect(store.get('adapter', 'cache')).toEqual(readyStatus('cache'));
    });
  });

  describe('write-behind', () => {
    it('writes a burst of changes once, shortly after, without a flush', async () => {
      const directory = await tempDir();
      const store = new StatusStore(directory);
      for (const state of ['activating', 'ready'] as const) {
        store.set(readyStatus('cache', { state }));
      }
      // Nothing on disk in the moment of the change: the write waits for the rest of the burst.
      await expect(stat(join(directory, STATUS_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
      const deadline = Date.now() + 5_000;
      while (await stat(join(directory, STATUS_FILE_NAME)).then(() => false, () => true)) {
        if (Date.now() > deadline) throw new Error('the status file was not written within 5 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await readJson(join(directory, STATUS_FILE_NAME))).toEqual([readyStatus('cache', { state: 'ready' })]);
    });

    it('is not lost when a process ends right after a change without flushing (a CLI swap)', async () => {
      const directory = await tempDir();
      const dist = new URL('../../dist/lifecycle/statusStore.js', import.meta.url).href;
      const script = `const { StatusStore } = await import(${JSON.stringify(dist)}); new StatusStore(${JSON.stringify(directory)}).set(${JSON.stringify(readyStatus('cache'))});`;
      await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
      expect(await readJson(join(directory, STATUS_FILE_NAME))).toEqual([readyStatus('cache')]);
    });

    it('a reload does not bring back an older status of a key changed but not yet written', async () => {
      const directory = await tempDir();
      const store = new StatusStore(directory);
      store.set(readyStatus('cache', { successfulSwaps: 1 }));
      await store.flush();
      store.set(readyStatus('cache', { successfulSwaps: 2 }));
      await store.load();
      expect(store.get('adapter', 'cache')?.successfulSwaps).toBe(2);
    });
  });

  describe('load', () => {
    it('starts empty without a warning when the file does not exist', async () => {
      const { logger, lines } = captureLogger();
      const store = new StatusStore(await tempDir(), logger);
      await store.load();
      expect(store.all()).toEqual([]);
      await tick();
      expect(lines()).toEqual([]);
    });

    it.each([
      ['not JSON', '{ this is not json'],
      ['a JSON object instead of an array', JSON.stringify({ domain: 'adapter', key: 'cache' })],
      ['a JSON string', '"ready"'],
    ])('reports a file that is %s (warn), does not fail, and replaces it on the next write', async (_what, content) => {
      const { logger, lines } = captureLogger();
      const directory = await tempDir();
      const path = join(directory, STATUS_FILE_NAME);
      await writeFile(path, content);
      const store = new StatusStore(directory, logger);

      await expect(store.load()).resolves.toBeUndefined();

      expect(store.all()).toEqual([]);
      await tick();
      expect(lines()).toContainEqual(expect.objectContaining({ level: 'warn', message: 'status file is corrupt; it will be replaced', file: path }));
      store.set(readyStatus('cache'));
      await store.flush();
      expect(await readJson(path)).toEqual([readyStatus('cache')]);
      expect(await readdir(directory)).toEqual([STATUS_FILE_NAME]);
    });

    it('reports an unreadable file (warn) and starts empty', async () => {
      const { logger, lines } = captureLogger();
      const directory = await tempDir();
      await mkdir(join(directory, STATUS_FILE_NAME));
      const store = new StatusStore(directory, logger);

      await expect(store.load()).resolves.toBeUndefined();

      expect(store.all()).toEqual([]);
      await tick();
      expect(lines()).toContainEqual(expect.objectContaining({ level: 'warn', message: 'status file unreadable; starting empty' }));
    });

    it('skips entries without domain or key, nulls bad timestamps and drops non-numbers from durations', async () => {
      const { logger, lines } = captureLogger();
      const directory = await tempDir();
      await writeFile(join(directory, STATUS_FILE_NAME), JSON.stringify([
        { key: 'cache', state: 'ready' },
        { domain: 'adapter', state: 'ready' },
        { domain: 'adapter', key: '' },
        { domain: 'adapters', key: 'cache' },
        null,
        'adapter:cache',
        {
          domain: 'adapter',
          key: 'cache',
          state: 'ready',
          currentProvider: 'redis',
          lastStateChangeAt: 'yesterday-ish',
          lastActivatedAt: 1_700_000_000_000,
          lastHealthAt: '2025-01-02T03:04:05Z',
          lastSwapDurationMs: '12',
          recentSwapDurationsMs: [1, '2', null, 3.5, { ms: 4 }, true],
          successfulSwaps: 3,
          failedSwaps: -1,
        },
      ]));
      const store = new StatusStore(directory, logger);

      await store.load();

      expect(store.all()).toEqual([{
        ...initialKeyStatus('adapter', 'cache'),
        state: 'ready',
        currentProvider: 'redis',
        lastStateChangeAt: null,
        lastActivatedAt: null,
        lastHealthAt: '2025-01-02T03:04:05.000Z',
        lastSwapDurationMs: null,
        recentSwapDurationsMs: [1, 3.5],
        successfulSwaps: 3,
        failedSwaps: 0,
      }]);
      await tick();
      expect(lines()).toContainEqual(expect.objectContaining({ level: 'warn', message: 'status file had invalid entries; they were dropped', skipped: 6 }));
    });
  });
});

describe('LifecycleManager with a status store', () => {
  describe('swap', () => {
    it('leaves the file with the counters of the swap just made (it does not lag one swap behind)', async () => {
      const directory = await tempDir();
      const resolver = new Resolver({ stackOrder: new Map() });
      const manager = new LifecycleManager({ container: new Container(), resolver, statusStore: new StatusStore(directory) });
      resolver.register({ domain: 'adapter', key: 'cache', provider: 'memory', priority: 1, factory: { kind: 'function', build: () => ({}) } });

      await manager.swap('adapter', 'cache');
      await manager.statusStore.flush();

      const onDisk = await readJson(join(directory, STATUS_FILE_NAME));
      expect(Array.isArray(onDisk)).toBe(true);
      expect(onDisk).toEqual([manager.status('adapter', 'cache')]);
      expect(onDisk).toEqual([expect.objectContaining({
        domain: 'adapter', key: 'cache', state: 'ready', currentProvider: 'memory', successfulSwaps: 1, failedSwaps: 0, recentSwapDurationsMs: [expect.any(Number)],
      })]);
    });
  });
});

describe('Oneiric with a cacheDir', () => {
  describe('start', () => {
    it('persists key statuses across two application instances', async () => {
      const cacheDir = await tempDir();
      const register = (app: Oneiric): void => {
        app.register({ domain: 'adapter', key: 'cache', provider: 'memory', priority: 1, factory: { kind: 'function', build: () => ({ cleanup: () => undefined }) } });
      };

      const first = new Oneiric({ cacheDir });
      register(first);
      await first.start();
      expect(first.status('adapter', 'cache')).toMatchObject({ state: 'ready', currentProvider: 'memory', successfulSwaps: 1 });
      await first.close();
      const onDisk = await readJson(join(cacheDir, STATUS_FILE_NAME));
      expect(onDisk).toEqual([expect.objectContaining({ domain: 'adapter', key: 'cache', state: 'closed', successfulSwaps: 1 })]);

      const second = new Oneiric({ cacheDir });
      register(second);
      await second.start();

      const status = second.status('adapter', 'cache');
      expect(status).toMatchObject({ state: 'ready', currentProvider: 'memory', successfulSwaps: 2, failedSwaps: 0 });
      expect(status.recentSwapDurationsMs).toHaveLength(2);
      await second.close();
      expect(await readdir(cacheDir)).toEqual([STATUS_FILE_NAME]);
    });
  });
});
