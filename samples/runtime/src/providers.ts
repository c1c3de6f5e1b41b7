/** The runtime sample's providers: two caches of prices, one selected, the other a swap away. */
import { Adapter, defineKey } from '@oneiric/core';

/** What every price cache offers. */
export interface PriceCache {
  /** Provider name, so the application's output shows who served it. */
  readonly providerName: string;
  /** The cached price of an item, computing and storing it on a miss. */
  priceOf(item: string): Promise<{ price: number; hit: boolean }>;
}

/** The cache key with its contract. */
export const cacheKey = defineKey<PriceCache>('adapter', 'cache');

const PRICES = new Map([['lamp', 40], ['desk', 120], ['book', 12]]);

/** Shared by both caches: entries in a map, a bound on their number or not. */
abstract class MapCache implements PriceCache {
  public abstract readonly providerName: string;
  protected readonly entries = new Map<string, number>();
  protected abstract readonly maxEntries: number;

  public async priceOf(item: string): Promise<{ price: number; hit: boolean }> {
    const cached = this.entries.get(item);
    if (cached !== undefined) {
      return { price: cached, hit: true };
    }
    const price = PRICES.get(item) ?? 0;
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(item, price);
    return { price, hit: false };
  }
}

/** A bounded cache: the selected provider in `oneiric-runtime.yaml`. */
@Adapter(cacheKey, 'lru', { priority: 100, description: 'bounded cache (2 entries)' })
export class LruCache extends MapCache {
  public readonly providerName = 'lru';
  protected readonly maxEntries = 2;
}

/** An unbounded in-memory cache: swap to it with `oneiric swap cache --provider memory` (domain adapter is the default). */
@Adapter(cacheKey, 'memory', { priority: 10, description: 'unbounded in-memory cache' })
export class MemoryCache extends MapCache {
  public readonly providerName = 'memory';
  protected readonly maxEntries = Number.MAX_SAFE_INTEGER;
}
