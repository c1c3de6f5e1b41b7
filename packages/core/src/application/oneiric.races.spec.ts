// Races between swaps, selections, breakers and shutdown, found in review; each test pins the fix.
import { Oneiric } from './oneiric.js';
import { currentTarget } from '../container/liveReference.js';
import { Adapter } from '../decorators/adapter.js';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { ResiliencyError, ResiliencyErrorKind } from '../errors/resiliencyError.js';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import { deferred } from '../testing/deferred.js';
import { expectRejected } from '../testing/expectRejected.js';
import { sleep } from '../testing/sleep.js';

interface Worker { run(ms?: number): Promise<string> }

describe('Oneiric', () => {
  describe('.close(), while sync() deactivates a key', () => {
    it('refuses the deactivation (closed) and still cleans every instance once', async () => {
      const cleaned: string[] = [];
      const make = (name: string) => ({ run: async (ms = 0) => { await sleep(ms); return name; }, cleanup: () => { cleaned.push(name); } });
      const app = new Oneiric();
      for (const key of ['a', 'b', 'c']) {
        app.register({ domain: 'adapter', key, provider: 'x', factory: { kind: 'function', build: () => make(key) } });
      }
      await app.start();
      const slowCall = app.use<Worker>('adapter', 'c').run(50);
      const closing = app.close();
      app.unregister('adapter', 'a', 'x');
      // The application is closing: the deactivation sync asks for is refused with LifecycleError closed.
      const refused = await expectRejected(app.sync(), LifecycleError);
      expect(refused.kind).toBe(LifecycleErrorKind.closed);
      await closing;
      expect(await slowCall).toBe('c');
      expect(cleaned.sort()).toEqual(['a', 'b', 'c']);
    });
  });

  describe('.select(), called twice at once with a failing and a working provider', () => {
    it('leaves the selection naming what is live', async () => {
      @Adapter('worker', 'bad', 1) class Bad { health(): boolean { return false; } async run(): Promise<string> { return 'bad'; } }
      @Adapter('worker', 'good', 1) class Good { async run(): Promise<string> { return 'good'; } }
      @Adapter('worker', 'base', 5) class Base { async run(): Promise<string> { return 'base'; } }
      const app = new Oneiric();
      app.register(Base, Bad, Good);
      await app.start();
      const [bad, good] = await Promise.allSettled([app.select('adapter', 'worker', 'bad'), app.select('adapter', 'worker', 'good')]);
      expect(bad.status).toBe('rejected');
      expect(good.status).toBe('fulfilled');
      expect(app.active('adapter', 'worker')?.provider).toBe('good');
      expect(app.selection('adapter', 'worker')).toBe('good');
      expect(app.explain('adapter', 'worker').winner).toBe('good');
      await app.close();
    });
  });

  describe('.sync(), while a swap of the key is still initialising', () => {
    it('ends on the winner of the moment the queued swap runs', async () => {
      const gate = deferred();
      @Adapter('store', 'first', 10) class First { async run(): Promise<string> { return 'first'; } }
      @Adapter('store', 'slow', 20) class Slow { async init(): Promise<void> { await gate.promise; } async run(): Promise<string> { return 'slow'; } }
      const app = new Oneiric();
      app.register(First);
      await app.start();
      app.register(Slow);
      const firstSync = app.sync();
      // While slow is still in init, the selection moves back to first and sync runs again.
      await sleep(10);
      app.setSelection('adapter', 'store', 'first');
      const secondSync = app.sync();
      gate.resolve();
      await Promise.all([firstSync, secondSync]);
      expect(app.active('adapter', 'store')?.provider).toBe('first');
      expect(app.resolve('adapter', 'store')?.provider).toBe('first');
      await app.close();
    });
  });

  describe('circuit breaking of a key with one candidate', () => {
    it('keeps the breaker half-open after the reset window, so the next real call is the trial', async () => {
      let failing = true;
      let calls = 0;
      @Adapter('lonely', 'only', 1) class Only { async run(): Promise<string> { calls += 1; if (failing) throw new Error('down'); return 'ok'; } }
      const app = new Oneiric({ circuitBreaker: { guarded: () => true, options: { volumeThreshold: 1, errorThresholdPercentage: 1, resetTimeoutMs: 50, callTimeoutMs: 0 } } });
      app.register(Only);
      await app.start();
      const ref = app.use<Worker>('adapter', 'lonely');
      await ref.run().catch(() => undefined);
      await sleep(120);
      expect(app.breakerState('adapter', 'lonely', 'only')).toBe('halfOpen');
      expect(calls).toBe(1);
      failing = false;
      expect(await ref.run()).toBe('ok');
      expect(app.breakerState('adapter', 'lonely', 'only')).toBe('closed');
      await app.close();
    });
  });

  describe('a guarded call that outlives the breaker\'s call timeout', () => {
    it('stays in flight until the method settles, so a swap does not clean up under it', async () => {
      const events: string[] = [];
      const make = (name: string) => ({
        run: async (ms = 0) => { events.push(`${name} start`); await sleep(ms); events.push(`${name} end`); return name; },
        cleanup: () => { events.push(`${name} cleanup`); },
      });
      const app = new Oneiric({ circuitBreaker: { guarded: () => true, options: { callTimeoutMs: 20, volumeThreshold: 100 } } });
      app.register(
        { domain: 'adapter', key: 'w', provider: 'a', priority: 2, factory: { kind: 'function', build: () => make('a') } },
        { domain: 'adapter', key: 'w', provider: 'b', priority: 1, factory: { kind: 'function', build: () => make('b') } },
      );
      await app.start();
      const call = app.use<Worker>('adapter', 'w').run(100);
      // The breaker gives up after 20 ms: ResiliencyError callTimeout for the caller...
      const timedOut = await expectRejected(call, ResiliencyError);
      expect(timedOut.kind).toBe(ResiliencyErrorKind.callTimeout);
      expect(app.inFlight('adapter', 'w')).toBe(1);
      await app.select('adapter', 'w', 'b');
      // ...but a's cleanup waited for the method itself to finish.
      expect(events.indexOf('a end')).toBeLessThan(events.indexOf('a cleanup'));
      await app.close();
    });
  });

  describe('a method read off a live reference before a swap', () => {
    it('is refused once its instance was retired (ResolutionError notBound), not run on a cleaned instance', async () => {
      @Adapter('svc', 'one', 2) class One { async run(): Promise<string> { return 'one'; } }
      @Adapter('svc', 'two', 1) class Two { async run(): Promise<string> { return 'two'; } }
      const app = new Oneiric();
      app.register(One, Two);
      await app.start();
      const ref = app.use<Worker>('adapter', 'svc');
      const heldRun = ref.run;
      await app.select('adapter', 'svc', 'two');
      // heldRun is bound to One, which the swap retired and cleaned up.
      const refused = await expectRejected(heldRun(), ResolutionError);
      expect(refused.kind).toBe(ResolutionErrorKind.notBound);
      expect(await ref.run()).toBe('two');
      await app.close();
    });
  });

  describe('a method returning a thenable that is not a Promise', () => {
    it('returns it untouched, as the instance would (query builders stay chainable)', async () => {
      const builder = { filters: [] as string[], where(filter: string) { this.filters.push(filter); return this; }, then: (resolve: (value: string[]) => void) => resolve(builder.filters) };
      const app = new Oneiric();
      app.register({ domain: 'adapter', key: 'db', provider: 'x', factory: { kind: 'function', build: () => ({ query: () => builder }) } });
      await app.start();
      const db = app.use<{ query(): typeof builder }>('adapter', 'db');
      const query = db.query();
      expect(query).toBe(builder);
      expect(query.where('a').where('b').filters).toEqual(['a', 'b']);
      expect(app.inFlight('adapter', 'db')).toBe(0);
      expect(currentTarget(db)).toBeDefined();
      await app.close();
    });
  });
});
