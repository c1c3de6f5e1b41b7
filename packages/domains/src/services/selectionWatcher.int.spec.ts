// Integration tests of SelectionWatcher over a real settings file: resolver updates, swaps, deferral, errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSettings, Oneiric, selectionsFromSettings, Service, type OneiricLogger } from '@oneiric/core';
import { DomainErrorKind } from '../errors/domainError.js';
import { ActivityStore } from './activityStore.js';
import { SelectionWatcher } from './selectionWatcher.js';

@Service('api', 'fast', 10)
class FastApi {}

@Service('api', 'full', 1)
class FullApi {}

let workDir: string;
let file: string;
let app: Oneiric;
let activity: ActivityStore;
let watcher: SelectionWatcher | undefined;
let logged: string[];
let swaps: number;

const logger = {
  error: (message: string) => logged.push(`error: ${message}`),
  warn: (message: string) => logged.push(`warn: ${message}`),
  info: () => undefined,
  debug: () => undefined,
} as unknown as OneiricLogger;

function writeSettings(yaml: string): void {
  writeFileSync(file, yaml);
}

function watch(options: { usePolling?: boolean } = {}): SelectionWatcher {
  watcher = new SelectionWatcher(app, activity, {
    loadSelections: async () => selectionsFromSettings((await loadSettings({ cwd: workDir, env: {} })).settings),
    watchPath: file,
    pollIntervalMs: 30,
    logger,
    ...options,
  });
  return watcher;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const live = (): string | undefined => app.active('service', 'api')?.provider;

beforeEach(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'oneiric-watch-'));
  mkdirSync(path.join(workDir, 'settings'));
  file = path.join(workDir, 'settings', 'oneiric.yaml');
  writeSettings('services:\n  selections: {}\n');
  logged = [];
  swaps = 0;
  app = new Oneiric({ logger });
  app.register(FastApi, FullApi);
  app.onPostSwap(() => {
    swaps += 1;
  });
  activity = new ActivityStore();
  await app.start();
});

afterEach(async () => {
  watcher?.stop();
  watcher = undefined;
  await app.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('SelectionWatcher', () => {
  describe('with file events', () => {
    it('puts a new selection in the resolver and swaps the key, then swaps back to the winner when removed', async () => {
      await watch().start();
      expect(live()).toBe('fast');
      writeSettings('services:\n  selections:\n    api: full\n');
      await until(() => live() === 'full', 'the swap to full');
      expect(app.selection('service', 'api')).toBe('full');
      expect(app.explain('service', 'api')).toMatchObject({ selection: 'full', winner: 'full' });
      expect(app.explain('service', 'api').ranked[0]).toMatchObject({ provider: 'full', selected: true });

      writeSettings('services:\n  selections: {}\n');
      await until(() => live() === 'fast', 'the swap back to the precedence winner');
      expect(app.selection('service', 'api')).toBeUndefined();
    });

    it('does not swap when the selections did not change', async () => {
      await watch().start();
      const before = swaps;
      writeSettings('# only a comment changed\nservices:\n  selections: {}\n');
      await new Promise((resolve) => setTimeout(resolve, 150));
      await watcher!.check();
      expect(swaps).toBe(before);
    });

    it('logs a broken file, keeps running, and applies the next good version', async () => {
      await watch().start();
      writeSettings('services: [not: a mapping\n');
      await until(() => logged.some((line) => line.startsWith('error: selection watcher could not reload')), 'the error log');
      expect(live()).toBe('fast');
      writeSettings('services:\n  selections:\n    api: full\n');
      await until(() => live() === 'full', 'the swap after the fix');
    });
  });

  describe('having a paused or draining key', () => {
    it('remembers the swap and carries it out when the key resumes (the original dropped it)', async () => {
      await watch().start();
      await activity.setPaused('service', 'api', true, 'deploy');
      writeSettings('services:\n  selections:\n    api: full\n');
      await until(() => watcher!.deferredKeys.length === 1, 'the deferral');
      expect(live()).toBe('fast');
      // held by the watcher until the resume, so the resolver still shows what is in force.
      expect(app.selection('service', 'api')).toBeUndefined();
      await activity.setPaused('service', 'api', false);
      await until(() => live() === 'full', 'the deferred swap');
      expect(watcher!.deferredKeys).toEqual([]);
    });

    it('defers the swap of a key the application itself drains, until its admission opens', async () => {
      await watch().start();
      app.setAdmission('service', 'api', 'draining', { note: 'shutdown' });
      writeSettings('services:\n  selections:\n    api: full\n');
      await until(() => watcher!.deferredKeys.length === 1, 'the deferral');
      expect(live()).toBe('fast');
      app.setAdmission('service', 'api', 'open');
      await until(() => live() === 'full', 'the deferred swap');
      expect(watcher!.deferredKeys).toEqual([]);
    });

    it('defers a removal on a draining key too, until draining is cleared', async () => {
      writeSettings('services:\n  selections:\n    api: full\n');
      app.setSelection('service', 'api', 'full');
      await app.sync();
      await watch().start();
      await activity.setDraining('service', 'api', true);
      writeSettings('services:\n  selections: {}\n');
      await until(() => watcher!.deferredKeys.length === 1, 'the deferral');
      expect(live()).toBe('full');
      await activity.setDraining('service', 'api', false);
      await until(() => live() === 'fast', 'the deferred swap back');
    });
  });

  describe('check', () => {
    it('keeps a paused key on its provider through app.sync(), listing it as domain:key, until it resumes', async () => {
      await watch().start();
      await activity.setPaused('service', 'api', true);
      writeSettings('services:\n  selections:\n    api: full\n');
      await until(() => watcher!.deferredKeys.length === 1, 'the deferral');
      expect(watcher!.deferredKeys).toEqual(['service:api']);
      await app.sync();
      expect(live()).toBe('fast');
      expect(app.explain('service', 'api')).toMatchObject({ winner: 'fast' });
      await activity.setPaused('service', 'api', false);
      await until(() => live() === 'full', 'the deferred swap');
      expect(app.selection('service', 'api')).toBe('full');
    });

    it('applies only the latest pending selection of a paused key, a removal included', async () => {
      await watch().start();
      await activity.setDraining('service', 'api', true);
      writeSettings('services:\n  selections:\n    api: full\n');
      await watcher!.check();
      writeSettings('services:\n  selections: {}\n');
      await watcher!.check();
      expect(watcher!.deferredKeys).toEqual(['service:api']);
      const before = swaps;
      await activity.setDraining('service', 'api', false);
      await until(() => watcher!.deferredKeys.length === 0, 'the resume');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(live()).toBe('fast');
      expect(app.selection('service', 'api')).toBeUndefined();
      expect(swaps).toBe(before);
    });
  });

  describe('with polling', () => {
    it('applies a change made between start() and the first poll', async () => {
      const polling = watch({ usePolling: true });
      await polling.start();
      // before the first poll (30 ms): the baseline recorded in start() makes this a change.
      writeSettings('services:\n  selections:\n    api: full\n');
      await until(() => live() === 'full', 'the swap found by the first poll');
    });


    it('applies changes found by polling', async () => {
      const polling = watch({ usePolling: true });
      await polling.start();
      expect(polling.isPolling).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      writeSettings('services:\n  selections:\n    api: full\n');
      await until(() => live() === 'full', 'the swap found by polling');
    });
  });

  describe('start', () => {
    it('refuses a second start', async () => {
      await watch().start();
      // already started: DomainError alreadyStarted.
      await expect(watcher!.start()).rejects.toMatchObject({ kind: DomainErrorKind.alreadyStarted });
    });
  });
});

describe('SelectionWatcher with a selection naming an unregistered provider', () => {
  it('records it in the resolver (explain reports it unmatched) and keeps the live winner', async () => {
    await watch().start();
    writeSettings('services:\n  selections:\n    api: ghost\n');
    await until(() => app.selection('service', 'api') === 'ghost', 'the selection');
    await watcher!.check();
    expect(app.explain('service', 'api')).toMatchObject({ selection: 'ghost', selectionUnmatched: true, winner: 'fast' });
    expect(live()).toBe('fast');
    expect(logged.filter((line) => line.startsWith('error'))).toEqual([]);
  });
});
