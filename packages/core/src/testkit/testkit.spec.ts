import { existsSync } from 'node:fs';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { TimeoutError } from '../errors/timeoutError.js';
import { defineKey } from '../keys/providerKey.js';
import { createTestApp } from './createTestApp.js';
import { providerDouble } from './providerDouble.js';
import { waitForSwap } from './waitForSwap.js';

interface Clock { now(): number }
const clockKey = defineKey<Clock>('adapter', 'clock');

describe('@oneiric/core/testing', () => {
  describe('createTestApp', () => {
    it('registers, starts, persists statuses in its own directory and removes it on dispose', async () => {
      const fixed = providerDouble(clockKey, 'fixed', { now: () => 42 });
      const { app, cacheDir, dispose } = await createTestApp({ providers: [fixed.candidate], start: true });
      expect(app.use(clockKey).now()).toBe(42);
      await app.flushStatuses();
      expect(app.statusFile?.startsWith(cacheDir)).toBe(true);
      expect(existsSync(app.statusFile!)).toBe(true);
      await dispose();
      expect(fixed.counts.cleanup).toBe(1);
      expect(existsSync(cacheDir)).toBe(false);
      await dispose(); // twice is harmless
    });
  });

  describe('providerDouble', () => {
    it('counts hooks and refuses a swap to an unhealthy double, cleaning its instance', async () => {
      const good = providerDouble(clockKey, 'good', { now: () => 1 }, { priority: 10 });
      const flaky = providerDouble(clockKey, 'flaky', { now: () => 2 }, { healthy: false });
      const { app, dispose } = await createTestApp({ providers: [good.candidate, flaky.candidate], start: true });
      try {
        // LifecycleError healthFailed: the double's health switch is off, so the swap must roll back.
        await expect(app.swap('adapter', 'clock', { provider: 'flaky' })).rejects.toMatchObject({ kind: LifecycleErrorKind.healthFailed });
        expect(flaky.counts).toEqual({ init: 1, health: 1, cleanup: 1 });
        expect(app.use(clockKey).now()).toBe(1);
        flaky.setHealthy(true);
        await app.swap('adapter', 'clock', { provider: 'flaky' });
        expect(app.use(clockKey).now()).toBe(2);
        expect(flaky.instances).toHaveLength(2);
        expect(flaky.instances[0]).not.toBe(flaky.instances[1]);
      } finally {
        await dispose();
      }
    });
  });

  describe('waitForSwap', () => {
    it('resolves with the matching swap, rejects with the failure or a TimeoutError', async () => {
      const first = providerDouble(clockKey, 'first', { now: () => 1 }, { priority: 10 });
      const second = providerDouble(clockKey, 'second', { now: () => 2 }, { initError: new Error('boom') });
      const { app, dispose } = await createTestApp({ providers: [first.candidate, second.candidate] });
      try {
        const activated = waitForSwap(app, { domain: 'adapter', key: 'clock', provider: 'first' });
        await app.start();
        expect((await activated).previousProvider).toBeNull();

        const failed = waitForSwap(app, { domain: 'adapter', key: 'clock' });
        await app.swap('adapter', 'clock', { provider: 'second' }).catch(() => undefined);
        // LifecycleError initFailed: the double's init throws, and the waiter reports that error.
        const error = await failed.catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(LifecycleError);
        expect((error as LifecycleError).kind).toBe(LifecycleErrorKind.initFailed);

        // TimeoutError: nothing swaps, so the wait must end by itself.
        await expect(waitForSwap(app, { domain: 'adapter', key: 'clock' }, 20)).rejects.toBeInstanceOf(TimeoutError);
      } finally {
        await dispose();
      }
    });
  });
});
