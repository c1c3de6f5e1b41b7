// Integration tests of ActivityStore: the atomic file, and pause/drain seen across two real processes.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Oneiric, Service } from '@oneiric/core';
import { DomainErrorKind } from '../errors/domainError.js';
import type { ActivityChange } from './activityStore.js';
import { ActivityStore } from './activityStore.js';
import { ServiceBridge } from './serviceBridge.js';

const run = promisify(execFile);
// The child imports packages/domains/dist: `npm test` builds it first (tsc --build).
const CHILD = fileURLToPath(new URL('../__fixtures__/activityChild.mjs', import.meta.url));

@Service('api', 'default')
class Api {}

let cacheDir: string;

beforeEach(() => {
  cacheDir = mkdtempSync(path.join(tmpdir(), 'oneiric-activity-'));
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

async function child(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [CHILD, ...args], { timeout: 10_000 });
  return JSON.parse(stdout) as unknown;
}

function nextChange(store: ActivityStore, predicate: (change: ActivityChange) => boolean): Promise<ActivityChange> {
  return new Promise((resolve) => {
    const stop = store.onChange((change) => {
      if (predicate(change)) {
        stop();
        resolve(change);
      }
    });
  });
}

describe('ActivityStore', () => {
  describe('with a cache directory', () => {
    it('persists pause and drain with the note in activity.json and reloads them', async () => {
      const store = new ActivityStore({ cacheDir });
      await store.setPaused('service', 'api', true, 'maintenance');
      await store.setDraining('task', 'report', true);
      const onDisk = JSON.parse(readFileSync(path.join(cacheDir, 'activity.json'), 'utf8')) as Record<string, Record<string, unknown>>;
      expect(onDisk['service']?.['api']).toMatchObject({ paused: true, draining: false, note: 'maintenance' });
      const again = new ActivityStore({ cacheDir });
      await again.load();
      expect(again.list().map((entry) => `${entry.domain}:${entry.key}`)).toEqual(['service:api', 'task:report']);
    });

    it('keeps the other keys when two stores change different keys', async () => {
      const first = new ActivityStore({ cacheDir });
      const second = new ActivityStore({ cacheDir });
      await first.setPaused('service', 'a', true);
      await second.setPaused('service', 'b', true);
      await first.setDraining('service', 'c', true);
      const fresh = new ActivityStore({ cacheDir });
      await fresh.load();
      expect(fresh.list().map((entry) => entry.key)).toEqual(['a', 'b', 'c']);
    });

    it('keeps the last good state when the file is broken by hand', async () => {
      const store = new ActivityStore({ cacheDir });
      await store.setPaused('service', 'api', true);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(cacheDir, 'activity.json'), '{not json');
      await store.load();
      expect(store.get('service', 'api')?.paused).toBe(true);
    });
  });

  describe('setPaused', () => {
    it('refuses with DomainError activityStoreUnreadable when activity.json is not valid JSON, leaving the file as it was', async () => {
      const file = path.join(cacheDir, 'activity.json');
      writeFileSync(file, '{"service": {"a": {"paused": true}}, broken');
      const store = new ActivityStore({ cacheDir });
      // writing would drop the other keys' pauses: DomainError activityStoreUnreadable naming the file.
      await expect(store.setPaused('service', 'b', true)).rejects.toMatchObject({ kind: DomainErrorKind.activityStoreUnreadable, message: expect.stringContaining(file) as unknown });
      expect(readFileSync(file, 'utf8')).toBe('{"service": {"a": {"paused": true}}, broken');
    });

    it('refuses with DomainError activityStoreUnreadable when activity.json holds JSON that is not an object', async () => {
      writeFileSync(path.join(cacheDir, 'activity.json'), '[1, 2]');
      // an array is not a store: refusing keeps whatever the file is for a human to fix.
      await expect(new ActivityStore({ cacheDir }).setDraining('task', 'x', true)).rejects.toMatchObject({ kind: DomainErrorKind.activityStoreUnreadable });
    });

    it('refuses with DomainError activityStoreUnreadable when activity.json cannot be read (not ENOENT)', async () => {
      mkdirSync(path.join(cacheDir, 'activity.json'));
      // a directory in its place: EISDIR is not "no state yet", so the change is refused.
      await expect(new ActivityStore({ cacheDir }).setPaused('service', 'b', true)).rejects.toMatchObject({ kind: DomainErrorKind.activityStoreUnreadable });
    });

    it('takes over a lock left by a process that no longer runs', async () => {
      const { stdout } = await run(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      writeFileSync(path.join(cacheDir, 'activity.json.lock'), `${stdout}\n`);
      const store = new ActivityStore({ cacheDir, lockTimeoutMs: 2000 });
      await expect(store.setPaused('service', 'a', true)).resolves.toMatchObject({ paused: true });
    });

    it('takes over a lock older than staleLockMs even when its pid is alive (a reused pid)', async () => {
      const lock = path.join(cacheDir, 'activity.json.lock');
      writeFileSync(lock, `${process.pid}\n`);
      const old = new Date(Date.now() - 60_000);
      utimesSync(lock, old, old);
      const store = new ActivityStore({ cacheDir, lockTimeoutMs: 2000, staleLockMs: 1000 });
      await expect(store.setPaused('service', 'a', true)).resolves.toMatchObject({ paused: true });
    });

    it('fails with DomainError activityStoreLocked when a live process holds the lock beyond lockTimeoutMs', async () => {
      writeFileSync(path.join(cacheDir, 'activity.json.lock'), `${process.pid}\n`);
      const store = new ActivityStore({ cacheDir, lockTimeoutMs: 100 });
      // this (live) process holds a fresh lock: waiting is bounded, then DomainError activityStoreLocked.
      await expect(store.setPaused('service', 'a', true)).rejects.toMatchObject({ kind: DomainErrorKind.activityStoreLocked });
      rmSync(path.join(cacheDir, 'activity.json.lock'));
      await expect(store.setPaused('service', 'a', true)).resolves.toMatchObject({ paused: true });
    });

    it('notifies exactly once per change and never reads back an older state while a fast poll reloads', async () => {
      const store = new ActivityStore({ cacheDir, pollIntervalMs: 1 });
      await store.load();
      store.watch();
      const seen: boolean[] = [];
      store.onChange((change) => seen.push(change.state.paused));
      try {
        for (let index = 0; index < 40; index += 1) {
          const isPaused = index % 2 === 0;
          await store.setPaused('service', 'api', isPaused);
          expect(store.get('service', 'api')?.paused ?? false).toBe(isPaused);
          // let polls and file events run between toggles.
          await new Promise((resolve) => setTimeout(resolve, 2));
          expect(store.get('service', 'api')?.paused ?? false).toBe(isPaused);
        }
        await store.flush();
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect(seen).toEqual(Array.from({ length: 40 }, (_, index) => index % 2 === 0));
      } finally {
        store.close();
      }
    });
  });

  describe('across processes', () => {
    it('keeps every key when several processes pause disjoint keys at the same time', async () => {
      const children = ['a', 'b', 'c', 'd'].map((prefix) => child('pause-many', cacheDir, 'service', prefix, '25'));
      await Promise.all(children);
      const fresh = new ActivityStore({ cacheDir });
      await fresh.load();
      expect(fresh.list()).toHaveLength(100);
      expect(existsSync(path.join(cacheDir, 'activity.json.lock'))).toBe(false);
    });


    it('sees a pause made by a second process, and the second process sees a drain made here', async () => {
      const app = new Oneiric();
      app.register(Api);
      const store = new ActivityStore({ cacheDir, pollIntervalMs: 50 });
      await store.load();
      store.watch();
      const bridge = new ServiceBridge(app, store);
      try {
        // child -> here: the child pauses service:api with a note.
        const paused = nextChange(store, (change) => change.key === 'api' && change.state.paused);
        expect(await child('pause', cacheDir, 'service', 'api', 'from child')).toMatchObject({ paused: true, note: 'from child' });
        await paused;
        // paused by the other process: DomainError paused, with the child's note.
        await expect(bridge.use('api')).rejects.toMatchObject({ kind: DomainErrorKind.paused, message: 'service:api is paused (note: from child)' });

        // here -> child: a drain made here is what the child reads.
        await bridge.drain('report', { note: 'from parent' });
        expect(await child('read', cacheDir, 'service', 'report')).toMatchObject({ paused: false, draining: true, note: 'from parent' });

        // child -> here again: the child resumes api and clears the note; work is accepted again.
        const resumed = nextChange(store, (change) => change.key === 'api' && !change.state.paused);
        await child('resume', cacheDir, 'service', 'api');
        await resumed;
        expect(bridge.isAccepting('api')).toBe(true);
        await expect(bridge.use('api')).resolves.toBeDefined();
      } finally {
        store.close();
        await app.close();
      }
    });
  });
});
