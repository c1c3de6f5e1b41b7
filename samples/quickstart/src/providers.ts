/** The quick start's providers: three caches and two pricing strategies, plus a checkout service. */
import { Adapter, defineKey, Service } from '@oneiric/core';

/** What every cache provider offers. */
export interface Cache {
  /** Provider name, to show which one answered. */
  readonly providerName: string;
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** What every pricing strategy offers. */
export interface Pricing {
  priceOf(item: string): number;
}

/** The cache key, defined once with its contract: decorators check it, `app.use` returns a `Cache`. */
export const cacheKey = defineKey<Cache>('adapter', 'cache');

/** The pricing key. */
export const pricingKey = defineKey<Pricing>('service', 'pricing');

/** A plain in-memory cache. */
@Adapter(cacheKey, 'memory', { priority: 100, capabilities: ['ttl'], description: 'in-process Map' })
export class MemoryCache implements Cache {
  public readonly providerName = 'memory';
  readonly #values = new Map<string, string>();
  public get(key: string): string | undefined { return this.#values.get(key); }
  public set(key: string, value: string): void { this.#values.set(key, value); }
}

/** An in-memory cache bounded to a few entries, evicting the least recently used. */
@Adapter(cacheKey, 'lru', { priority: 100, stackLevel: 1, capabilities: ['ttl', 'eviction'], description: 'bounded LRU' })
export class LruCache implements Cache {
  public readonly providerName = 'lru';
  readonly #values = new Map<string, string>();
  readonly #maxEntries = 3;
  public get(key: string): string | undefined {
    const value = this.#values.get(key);
    if (value !== undefined) {
      // Re-insert to mark as most recently used.
      this.#values.delete(key);
      this.#values.set(key, value);
    }
    return value;
  }
  public set(key: string, value: string): void {
    this.#values.delete(key);
    this.#values.set(key, value);
    if (this.#values.size > this.#maxEntries) {
      const oldest = this.#values.keys().next().value;
      if (oldest !== undefined) this.#values.delete(oldest);
    }
  }
}

/** A cache that stores nothing: the fallback of last resort. */
@Adapter(cacheKey, 'noop', { priority: 10, description: 'caches nothing' })
export class NoopCache implements Cache {
  public readonly providerName = 'noop';
  public get(): string | undefined { return undefined; }
  public set(): void {}
}

/** List prices. */
@Service(pricingKey, 'standard', 0)
export class StandardPricing implements Pricing {
  public priceOf(item: string): number { return 10 * item.length; }
}

/** Ten percent off everything. */
@Service(pricingKey, 'discount', -10)
export class DiscountPricing implements Pricing {
  public priceOf(item: string): number { return 9 * item.length; }
}

/** The application service: prices items and remembers quotes in whatever cache is live. */
@Service('checkout', 'default')
export class Checkout {
  public constructor(
    // A typed key is its own parameter decorator.
    @cacheKey private readonly cache: Cache,
    @pricingKey private readonly pricing: Pricing,
  ) {}

  /** Quotes an item, from the cache when it has it. */
  public quote(item: string): string {
    const cached = this.cache.get(item);
    if (cached !== undefined) {
      return `${cached} (cached by ${this.cache.providerName})`;
    }
    const quote = `${item}: ${this.pricing.priceOf(item)}`;
    this.cache.set(item, quote);
    return `${quote} (computed, stored in ${this.cache.providerName})`;
  }
}

/** The checkout key. */
export const checkoutKey = defineKey<Checkout>('service', 'checkout');

/** Everything the quick start registers; also what `oneiric --import` reads. */
export const providers = [MemoryCache, LruCache, NoopCache, StandardPricing, DiscountPricing, Checkout];
