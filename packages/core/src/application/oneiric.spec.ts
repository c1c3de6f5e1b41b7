import { Container, inject } from 'inversify';
import { Oneiric } from './oneiric.js';
import { Adapter } from '../decorators/adapter.js';
import { Service } from '../decorators/service.js';
import { InjectAdapter } from '../container/injectDecorators.js';
import { adapterToken, instanceToken, serviceToken } from '../container/domainToken.js';
import { currentTarget, isLiveReference } from '../container/liveReference.js';
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';

interface Cache { name(): string; set(key: string, value: string): void; get(key: string): string | undefined }

const CLOCK = Symbol('clock');

@Adapter('cache', 'redis', 400)
class RedisLikeCache implements Cache {
  readonly #values = new Map<string, string>();
  name(): string { return 'redis'; }
  set(key: string, value: string): void { this.#values.set(key, value); }
  get(key: string): string | undefined { return this.#values.get(key); }
}

@Adapter('cache', 'memory', { priority: 100, capabilities: ['ttl'] })
class MemoryCache implements Cache {
  readonly #values = new Map<string, string>();
  constructor(@inject(CLOCK) readonly clock: () => number) {}
  name(): string { return 'memory'; }
  set(key: string, value: string): void { this.#values.set(key, value); }
  get(key: string): string | undefined { return this.#values.get(key); }
}

@Service('checkout', 'default')
class Checkout {
  constructor(@InjectAdapter('cache') readonly cache: Cache) {}
  cacheName(): string { return this.cache.name(); }
}

function newApp(container = new Container()): Oneiric {
  container.bind(CLOCK).toConstantValue(() => 42);
  const app = new Oneiric({ container });
  app.register(RedisLikeCache, MemoryCache, Checkout);
  return app;
}

describe('Oneiric', () => {
  describe('having a service with an injected adapter', () => {
    it('binds only the winner and injects it into the service', async () => {
      const app = newApp();
      await app.start();
      const checkout = app.use<Checkout>('service', 'checkout');
      expect(checkout.cacheName()).toBe('redis');
      expect(app.active('adapter', 'cache')?.provider).toBe('redis');
      expect(app.current<Cache>('adapter', 'cache')).toBeInstanceOf(RedisLikeCache);
    });

    it('reaches the new winner from the same service instance after the selection changes', async () => {
      const app = newApp();
      await app.start();
      const checkout = app.current<Checkout>('service', 'checkout')!;
      expect(checkout.cacheName()).toBe('redis');
      await app.select('adapter', 'cache', 'memory');
      expect(app.current<Checkout>('service', 'checkout')).toBe(checkout);
      expect(checkout.cacheName()).toBe('memory');
      expect(checkout.cache).toBeInstanceOf(MemoryCache);
      await app.select('adapter', 'cache', undefined);
      expect(checkout.cacheName()).toBe('redis');
    });

    it('builds candidates through the container so their own @inject dependencies work', async () => {
      const app = newApp();
      await app.start();
      await app.select('adapter', 'cache', 'memory');
      expect(app.current<MemoryCache>('adapter', 'cache')?.clock()).toBe(42);
    });

    it('works in the application\'s own container, under the public tokens', async () => {
      const container = new Container();
      const app = newApp(container);
      await app.start();
      const cache = container.get<Cache>(adapterToken('cache'));
      expect(isLiveReference(cache)).toBe(true);
      expect(currentTarget(cache)).toBeInstanceOf(RedisLikeCache);
      expect(container.get<Checkout>(serviceToken('checkout')).cacheName()).toBe('redis');
    });
  });

  describe('the instance token', () => {
    it('binds only the winner\'s instance, rebinding it at each swap and unbinding it at close', async () => {
      const container = new Container();
      const app = newApp(container);
      expect(container.isBound(instanceToken('adapter', 'cache'))).toBe(false);
      await app.start();
      const redis = container.get<Cache>(instanceToken('adapter', 'cache'));
      expect(redis).toBeInstanceOf(RedisLikeCache);
      expect(container.getAll(instanceToken('adapter', 'cache'))).toHaveLength(1);
      await app.select('adapter', 'cache', 'memory');
      expect(container.get(instanceToken('adapter', 'cache'))).toBeInstanceOf(MemoryCache);
      expect(container.getAll(instanceToken('adapter', 'cache'))).toHaveLength(1);
      // What was fetched before the swap stays the old instance: the live reference is what follows swaps.
      expect(redis.name()).toBe('redis');
      await app.close();
      expect(container.isBound(instanceToken('adapter', 'cache'))).toBe(false);
    });
  });

  describe('live references', () => {
    it('keep methods bound to the real instance, so private fields work', async () => {
      const app = newApp();
      await app.start();
      const cache = app.use<Cache>('adapter', 'cache');
      const set = cache.set;
      set('a', '1');
      expect(cache.get('a')).toBe('1');
      expect('set' in cache).toBe(true);
    });

    it('fail with ResolutionError notBound when the key has no live instance yet', () => {
      const app = new Oneiric();
      app.register(RedisLikeCache);
      const ref = app.use<Cache>('adapter', 'cache');
      // Registered but not started: nothing is live, so any use of the reference must say so.
      expect(() => ref.name()).toThrow(ResolutionError);
      try {
        ref.name();
      } catch (error) {
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.notBound);
      }
    });
  });

  describe('register', () => {
    it('registers nothing when one class lacks metadata', () => {
      class Plain {}
      const app = new Oneiric();
      // Plain has no provider decorator: RegistrationError missingMetadata, naming the class, and RedisLikeCache is not stored either.
      expect(() => app.register(RedisLikeCache, Plain)).toThrow(/Plain: no provider decorator/);
      expect(app.resolve('adapter', 'cache')).toBeUndefined();
    });

    it('rejects a non-integer priority naming the class', () => {
      @Adapter('cache', 'odd', 1.5)
      class OddCache {}
      const app = new Oneiric();
      let caught: unknown;
      try {
        app.register(OddCache);
      } catch (error) {
        caught = error;
      }
      // 1.5 is not an integer priority: RegistrationError invalidPriority whose message names OddCache.
      expect(caught).toBeInstanceOf(RegistrationError);
      expect((caught as RegistrationError).kind).toBe(RegistrationErrorKind.invalidPriority);
      expect((caught as RegistrationError).message).toContain('OddCache');
    });
  });

  describe('sync', () => {
    it('keeps a key whose swap failed marked, and activates it on a later sync', async () => {
      let backendUp = false;
      @Adapter('cache', 'fragile', 999)
      class FragileCache implements Cache {
        init(): void { if (!backendUp) throw new Error('backend down'); }
        name(): string { return 'fragile'; }
        set(): void {}
        get(): string | undefined { return undefined; }
      }
      const app = newApp();
      await app.start();
      app.register(FragileCache);
      // fragile's init throws: LifecycleError initFailed, and redis stays live.
      await expect(app.sync()).rejects.toThrow(/backend down/);
      expect(app.active('adapter', 'cache')?.provider).toBe('redis');
      backendUp = true;
      await app.sync();
      expect(app.active('adapter', 'cache')?.provider).toBe('fragile');
      await app.close();
    });
  });

  describe('close', () => {
    it('takes every instance out of service and can be called twice', async () => {
      const app = newApp();
      await app.start();
      const cache = app.use<Cache>('adapter', 'cache');
      await app.close();
      await app.close();
      expect(app.active('adapter', 'cache')).toBeUndefined();
      // The key has no live instance after close: ResolutionError notBound on use.
      expect(() => cache.name()).toThrow(ResolutionError);
      expect(app.status('adapter', 'cache').state).toBe('closed');
    });
  });
});
