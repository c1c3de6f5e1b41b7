import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileWatch, type FileWatchOptions } from './fileWatch.js';

// Resolves when `calls()` reaches `count`, or rejects after `timeoutMs` (events and polling are asynchronous).
async function waitForCalls(calls: () => number, count: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (calls() < count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} change call(s) within ${timeoutMs} ms, saw ${calls()}`);
    }
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('FileWatch', () => {
  let dir: string;
  let watch: FileWatch | undefined;
  beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'oneiric-watch-')); });
  afterEach(async () => {
    watch?.stop();
    watch = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  function follow(options: Partial<FileWatchOptions> & { file: string }): { calls: () => number } {
    let count = 0;
    watch = new FileWatch({ pollIntervalMs: 50, ...options, onChange: () => { count += 1; } });
    return { calls: () => count };
  }

  describe('in events mode', () => {
    it('reports a change of the file through file events, without polling', async () => {
      const file = path.join(dir, 'oneiric.yaml');
      await writeFile(file, 'a: 1\n');
      const { calls } = follow({ file, pollIntervalMs: 60_000 });
      await watch!.start();

      await writeFile(file, 'a: 2\n');

      await waitForCalls(calls, 1);
      expect(watch!.isPolling).toBe(false);
    });

    it('reports a file replaced by a rename (as editors and atomic writers do)', async () => {
      const file = path.join(dir, 'oneiric.yaml');
      await writeFile(file, 'a: 1\n');
      const { calls } = follow({ file, pollIntervalMs: 60_000 });
      await watch!.start();

      await writeFile(`${file}.tmp`, 'a: 2\n');
      await rename(`${file}.tmp`, file);

      await waitForCalls(calls, 1);
    });

    it('falls back to polling when the directory cannot be watched, and sees the file appear', async () => {
      const file = path.join(dir, 'missing', 'oneiric.yaml');
      const { calls } = follow({ file });
      await watch!.start();
      expect(watch!.isPolling).toBe(true);

      await mkdir(path.dirname(file));
      await writeFile(file, 'a: 1\n');

      await waitForCalls(calls, 1);
    });
  });

  describe('debouncing', () => {
    it('turns a burst of writes into one call after the quiet time', async () => {
      const file = path.join(dir, 'activity.json');
      await writeFile(file, '{}');
      const { calls } = follow({ file, debounceMs: 300, pollIntervalMs: 60_000 });
      await watch!.start();

      for (let write = 0; write < 5; write += 1) {
        await writeFile(file, `{"n": ${write}}`);
      }

      await waitForCalls(calls, 1);
      await sleep(600);
      expect(calls()).toBe(1);
    });
  });

  describe('in polling mode', () => {
    it('reports a change of content, and not a rewrite of the same content', async () => {
      const file = path.join(dir, 'oneiric.yaml');
      await writeFile(file, 'a: 1\n');
      const { calls } = follow({ file, mode: 'polling' });
      await watch!.start();
      expect(watch!.isPolling).toBe(true);

      await writeFile(file, 'a: 1\n');
      await sleep(300);
      expect(calls()).toBe(0);

      await writeFile(file, 'a: 2\n');
      await waitForCalls(calls, 1);
    });
  });

  describe('in eventsAndPolling mode with createDirectory', () => {
    it('creates the directory (0700), polls besides file events, and reports the first write', async () => {
      const file = path.join(dir, 'cache', 'activity.json');
      const { calls } = follow({ file, mode: 'eventsAndPolling', createDirectory: true });
      await watch!.start();

      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
      expect(watch!.isPolling).toBe(true);
      await writeFile(file, '{}');
      await waitForCalls(calls, 1);
    });
  });

  describe('after stop', () => {
    it('reports nothing more', async () => {
      const file = path.join(dir, 'oneiric.yaml');
      await writeFile(file, 'a: 1\n');
      const { calls } = follow({ file, mode: 'eventsAndPolling' });
      await watch!.start();
      watch!.stop();

      await writeFile(file, 'a: 2\n');
      await sleep(300);

      expect(calls()).toBe(0);
      expect(watch!.isPolling).toBe(false);
    });
  });
});
