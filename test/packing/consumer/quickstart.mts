// An application's ES module written as the README's quick start: TypeScript decorators, compiled by tsc in the throwaway project.
import { Adapter, InjectAdapter, Oneiric, Service } from '@oneiric/core';

interface Cache { readonly name: string; get(key: string): string | undefined; set(key: string, value: string): void }

@Adapter('cache', 'redis', 400)
class RedisLikeCache implements Cache {
  public readonly name = 'redis';
  readonly #values = new Map<string, string>();
  public get(key: string): string | undefined { return this.#values.get(key); }
  public set(key: string, value: string): void { this.#values.set(key, value); }
}

@Adapter('cache', 'memory', { priority: 100, capabilities: ['ttl'] })
class MemoryCache implements Cache {
  public readonly name = 'memory';
  readonly #values = new Map<string, string>();
  public get(key: string): string | undefined { return this.#values.get(key); }
  public set(key: string, value: string): void { this.#values.set(key, value); }
}

@Service('checkout', 'default')
class Checkout {
  public constructor(@InjectAdapter('cache') private readonly cache: Cache) {}
  public cacheName(): string { return this.cache.name; }
}

const app = new Oneiric();
app.register(RedisLikeCache, MemoryCache, Checkout);
await app.start();
const checkout = app.use<Checkout>('service', 'checkout');
const before = checkout.cacheName();
await app.select('adapter', 'cache', 'memory');
const after = checkout.cacheName();
const winner = app.explain('adapter', 'cache').winner;
await app.close();
console.log(JSON.stringify({ before, after, winner }));
