// The status file shared by several stores and processes: each write takes the file lock and replaces only its own changed keys.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { initialKeyStatus, type KeyStatus } from '../models/keyStatus.js';
import { STATUS_FILE_NAME, StatusStore } from './statusStore.js';

jest.setTimeout(120_000);

const execFileAsync = promisify(execFile);
const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const BUILT_INTERNAL = new URL('../../dist/internal.js', import.meta.url).href;

function status(key: string, provider: string): KeyStatus {
  return { ...initialKeyStatus('adapter', key), state: 'ready', currentProvider: provider };
}

async function fileStatuses(directory: string): Promise<Map<string, string | null>> {
  const statuses = JSON.parse(await readFile(join(directory, STATUS_FILE_NAME), 'utf8')) as KeyStatus[];
  return new Map(statuses.map((entry) => [entry.key, entry.currentProvider]));
}

let directory: string;
beforeEach(async () => { directory = await mkdtemp(join(tmpdir(), 'oneiric-status-shared-')); });
afterEach(async () => { await rm(directory, { recursive: true, force: true }); });

describe('StatusStore', () => {
  describe('having two independent stores on one cache directory', () => {
    it('keeps every key of both when they write at the same time (no last-writer-wins)', async () => {
      const first = new StatusStore(directory);
      const second = new StatusStore(directory);

      // Interleaved writes: without the lock and the merge, each write would drop the other store's keys.
      await Promise.all(Array.from({ length: 30 }, async (_, index) => {
        first.set(status(`first-${index}`, 'redis'));
        second.set(status(`second-${index}`, 'memory'));
        await Promise.all([first.flush(), second.flush()]);
      }));

      const keys = await fileStatuses(directory);
      expect(keys.size).toBe(60);
      expect([...keys.entries()].filter(([key, provider]) => provider !== (key.startsWith('first') ? 'redis' : 'memory'))).toEqual([]);
    });

    it('does not put back its old status of a key the other store changed since (only its own changes are written)', async () => {
      const first = new StatusStore(directory);
      const second = new StatusStore(directory);
      first.set(status('cache', 'redis'));
      await first.flush();
      second.set(status('cache', 'memory'));
      await second.flush();

      first.set(status('queue', 'sqs'));
      await first.flush();

      expect(await fileStatuses(directory)).toEqual(new Map([['cache', 'memory'], ['queue', 'sqs']]));
      // Its own view is unchanged until it loads the file.
      expect(first.get('adapter', 'cache')?.currentProvider).toBe('redis');
    });
  });

  describe('having two processes writing at once', () => {
    beforeAll(async () => {
      // The child processes run the built package.
      await execFileAsync(process.execPath, [join(REPOSITORY, 'node_modules', 'typescript', 'bin', 'tsc'), '--build', join(REPOSITORY, 'packages', 'core')], { cwd: REPOSITORY, timeout: 240_000 });
    });

    it('keeps all 2 x 40 keys, each with its writer\'s provider', async () => {
      const writer = (name: string): Promise<unknown> => execFileAsync(process.execPath, ['--input-type=module', '-e', `
        const { StatusStore, initialKeyStatus } = await import(${JSON.stringify(BUILT_INTERNAL)});
        const store = new StatusStore(${JSON.stringify(directory)});
        for (let index = 0; index < 40; index += 1) {
          store.set({ ...initialKeyStatus('adapter', '${name}-' + index), state: 'ready', currentProvider: '${name}' });
          await store.flush();
        }
      `], { timeout: 60_000 });

      await Promise.all([writer('alpha'), writer('beta')]);

      const keys = await fileStatuses(directory);
      expect(keys.size).toBe(80);
      expect([...keys.entries()].filter(([key, provider]) => !key.startsWith(`${provider}-`))).toEqual([]);
    });
  });
});
