// Integration tests of ActivityStore: the atomic file, and pause/drain seen across two real processes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  describe('across processes', () => {
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
