import { Container } from 'inversify';
import type { OneiricLogger } from '../logging/createLogger.js';
import { Resolver } from '../services/resolver.js';
import { captureLogger } from '../testing/captureLogger.js';
import { deferred } from '../testing/deferred.js';
import { never } from '../testing/never.js';
import { sleep } from '../testing/sleep.js';
import { tick } from '../testing/tick.js';
import { within } from '../testing/within.js';
import { LifecycleManager } from './lifecycleManager.js';
import type { LifecycleTimeouts } from './lifecycleTimeouts.js';

const TIMEOUTS: LifecycleTimeouts = {
  activationTimeoutMs: 1_000,
  healthTimeoutMs: 200,
  cleanupTimeoutMs: 200,
  hookTimeoutMs: 200,
  drainTimeoutMs: 2_000,
};

function newManager(timeouts: Partial<LifecycleTimeouts> = {}, logger?: OneiricLogger) {
  const resolver = new Resolver({ stackOrder: new Map() });
  const manager = new LifecycleManager({
    container: new Container(),
    resolver,
    timeouts: { ...TIMEOUTS, ...timeouts },
    ...(logger === undefined ? {} : { logger }),
  });
  return { resolver, manager };
}

describe('LifecycleManager under concurrency', () => {
  describe('swap', () => {
    describe('with 100 concurrent calls on one key alternating between 3 providers', () => {
      it('leaves exactly one live instance, cleans every other built instance exactly once, and counts 100 swaps', async () => {
        const built: Base[] = [];
        const cleanups = new Map<Base, number>();
        abstract class Base {
          public constructor() {
            built.push(this);
          }

          public abstract readonly provider: string;

          public async init(): Promise<void> {
            // Yield to the event loop so the queued swaps really interleave with each other.
            await tick();
          }

          public cleanup(): void {
            cleanups.set(this, (cleanups.get(this) ?? 0) + 1);
          }
        }
        class A extends Base {
          public readonly provider = 'a';
        }
        class B extends Base {
          public readonly provider = 'b';
        }
        class C extends Base {
          public readonly provider = 'c';
        }
        const { resolver, manager } = newManager();
        const providers = ['a', 'b', 'c'] as const;
        const classes = { a: A, b: B, c: C };
        for (const provider of providers) {
          resolver.register({ domain: 'adapter', key: 'cache', provider, priority: 1, factory: { kind: 'class', target: classes[provider] } });
        }

        const requested = Array.from({ length: 100 }, (_, index) => providers[index % 3] ?? 'a');
        const results = await Promise.all(requested.map((provider) => manager.swap('adapter', 'cache', { provider })));

        expect(built).toHaveLength(100);
        const live = manager.current<Base>('adapter', 'cache');
        expect(live).toBeDefined();
        expect(live).toBe(built[99]);
        expect(live?.provider).toBe(requested[99]);
        expect(cleanups.has(live as Base)).toBe(false);
        const others = built.filter((instance) => instance !== live);
        expect(others).toHaveLength(99);
        expect(others.every((instance) => cleanups.get(instance) === 1)).toBe(true);
        // The swaps ran in call order: each one replaced the provider requested just before it.
        expect(results.map((result) => result.provider)).toEqual(requested);
        expect(results.map((result) => result.previousProvider)).toEqual([null, ...requested.slice(0, 99)]);
        const status = manager.status('adapter', 'cache');
        expect(status).toMatchObject({ state: 'ready', currentProvider: requested[99], successfulSwaps: 100, failedSwaps: 0 });
        expect(status.recentSwapDurationsMs).toHaveLength(20);

        await manager.close();
        expect(cleanups.get(live as Base)).toBe(1);
        expect(built.every((instance) => cleanups.get(instance) === 1)).toBe(true);
      });
    });

    describe('while 1,000 slow calls are in flight on the live instance', () => {
      it('lets every call finish on the old instance, cleans it only after the last one settled, and sends new calls to the new one', async () => {
        const { resolver, manager } = newManager();
        const cleanupRecords: Array<{ provider: string; running: number; settled: number; pending: number }> = [];
        let started = 0;
        let settled = 0;
        // Every call first waits for this gate (opened once the swap has flipped), then 20-50 ms.
        const gate = deferred();

        class Slow {
          public running = 0;

          public constructor(public readonly provider: string) {}

          public async answer(delayMs: number): Promise<string> {
            this.running += 1;
            await gate.promise;
            await sleep(delayMs);
            this.running -= 1;
            return this.provider;
          }

          public cleanup(): void {
            cleanupRecords.push({ provider: this.provider, running: this.running, settled, pending: started - settled });
          }
        }
        resolver.register({ domain: 'adapter', key: 'cache', provider: 'old', priority: 1, factory: { kind: 'function', build: () => new Slow('old') } });
        resolver.register({ domain: 'adapter', key: 'cache', provider: 'new', priority: 1, factory: { kind: 'function', build: () => new Slow('new') } });
        await manager.swap('adapter', 'cache', { provider: 'old' });
        const oldInstance = manager.current<Slow>('adapter', 'cache');
        const ref = manager.liveReference<Slow>('adapter', 'cache');

        const calls = Array.from({ length: 1_000 }, (_, index) => {
          started += 1;
          return ref.answer(20 + (index % 31)).finally(() => {
            settled += 1;
          });
        });
        expect(manager.inFlight('adapter', 'cache')).toBe(1_000);

        let swapDone = false;
        const swap = manager.swap('adapter', 'cache', { provider: 'new' }).finally(() => {
          swapDone = true;
        });
        // Wait for the flip; the old instance stays busy until the gate opens.
        await within((async () => {
          while (manager.current('adapter', 'cache') === oldInstance) {
            await tick();
          }
        })(), 1_000, 'the flip');
        expect(settled).toBe(0);
        expect(cleanupRecords).toEqual([]);
        const later = Array.from({ length: 10 }, () => ref.answer(1));
        // inFlight now reports the new live instance's calls.
        expect(manager.inFlight('adapter', 'cache')).toBe(10);
        await tick();
        await tick();
        // The swap is still draining the old instance.
        expect(swapDone).toBe(false);
        expect(cleanupRecords).toEqual([]);
        gate.resolve();

        const outcomes = await Promise.allSettled(calls);
        const result = await swap;

        expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
        expect(outcomes.every((outcome) => outcome.status === 'fulfilled' && outcome.value === 'old')).toBe(true);
        expect(await Promise.all(later)).toEqual(Array.from({ length: 10 }, () => 'new'));
        // The old instance was cleaned once, after all 1,000 calls had settled.
        expect(cleanupRecords).toEqual([{ provider: 'old', running: 0, settled: 1_000, pending: 0 }]);
        expect(result).toMatchObject({ provider: 'new', previousProvider: 'old' });
        expect(manager.inFlight('adapter', 'cache')).toBe(0);
        expect(manager.current<Slow>('adapter', 'cache')?.provider).toBe('new');
      });
    });

    describe('when a call on the old instance never settles', () => {
      it('waits at most drainTimeoutMs, then cleans up the old instance and logs a warning', async () => {
        const { logger, lines } = captureLogger();
        const { resolver, manager } = newManager({ drainTimeoutMs: 40 }, logger);
        const cleaned: string[] = [];
        class Stuck {
          public constructor(public readonly provider: string) {}

          public hang(): Promise<never> {
            return never();
          }

          public cleanup(): void {
            cleaned.push(this.provider);
          }
        }
        resolver.register({ domain: 'adapter', key: 'cache', provider: 'old', priority: 1, factory: { kind: 'function', build: () => new Stuck('old') } });
        resolver.register({ domain: 'adapter', key: 'cache', provider: 'new', priority: 1, factory: { kind: 'function', build: () => new Stuck('new') } });
        await manager.swap('adapter', 'cache', { provider: 'old' });
        const ref = manager.liveReference<Stuck>('adapter', 'cache');
        void ref.hang();
        expect(manager.inFlight('adapter', 'cache')).toBe(1);

        const started = Date.now();
        const result = await within(manager.swap('adapter', 'cache', { provider: 'new' }), 1_000, 'the swap');
        const elapsed = Date.now() - started;

        expect(result).toMatchObject({ provider: 'new', previousProvider: 'old' });
        expect(elapsed).toBeGreaterThanOrEqual(35);
        expect(elapsed).toBeLessThan(500);
        expect(cleaned).toEqual(['old']);
        expect(ref.provider).toBe('new');
        expect(manager.status('adapter', 'cache')).toMatchObject({ state: 'ready', currentProvider: 'new' });
        await tick();
        expect(lines()).toContainEqual(expect.objectContaining({
          level: 'warn',
          message: 'drain timed out; cleaning up with calls still in flight',
          domain: 'adapter',
          key: 'cache',
          provider: 'old',
          inFlight: 1,
          drainTimeoutMs: 40,
        }));
      });
    });
  });
});
