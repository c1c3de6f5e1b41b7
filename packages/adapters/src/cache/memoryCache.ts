/** The embedded default cache: an in-process LRU map with per-entry TTL and a size bound. */
import { cacheKey } from '../adapterKeys.js';
import { Adapter, InjectSettings } from '@oneiric/core';
import type { Cache, CacheSetOptions } from './cache.js';
import { CacheCodec } from './cacheCodec.js';
import { MemoryCacheSettings } from './memoryCacheSettings.js';

interface Entry {
  readonly encoded: string;
  /** Epoch milliseconds after which the entry is gone; Infinity for none. */
  readonly expiresAt: number;
}

/**
 * In-process LRU cache: a `Map` kept in recency order (a read moves the entry to the end), so
 * eviction drops the first key. Expired entries are removed when touched or when they reach
 * the least recently used end. Needs no service; priority 100 (below redis at 400).
 * @example
 * ```ts
 * const cache = new MemoryCache(Object.assign(new MemoryCacheSettings(), { maxEntries: 2 }));
 * await cache.set('a', 1, { ttlMs: 1000 });
 * ```
 * @category Cache
 */
@Adapter(cacheKey, 'memory', {
  priority: 100,
  settings: MemoryCacheSettings,
  capabilities: ['ttl', 'lru', 'embedded'],
  description: 'in-process LRU cache with TTL and a size bound',
})
export class MemoryCache implements Cache {
  readonly #entries = new Map<string, Entry>();
  readonly #codec = new CacheCodec('memory');
  readonly #settings: MemoryCacheSettings;

  /** @param settings - size bound and default TTL */
  public constructor(@InjectSettings() settings: MemoryCacheSettings) {
    this.#settings = settings;
  }

  /** Number of entries held, expired ones not yet swept included. */
  public get size(): number {
    return this.#entries.size;
  }

  /** {@inheritDoc Cache.get} */
  public async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.#codec.decode<T>(this.#read(this.#codec.checkKey(key))?.encoded);
  }

  /** {@inheritDoc Cache.set} */
  public async set(key: string, value: unknown, options: CacheSetOptions = {}): Promise<void> {
    this.#write(this.#codec.checkKey(key), this.#codec.encode(key, value), this.#codec.ttlOf(options.ttlMs, this.#settings.defaultTtlMs));
  }

  /** {@inheritDoc Cache.delete} */
  public async delete(key: string): Promise<boolean> {
    const checked = this.#codec.checkKey(key);
    const present = this.#read(checked) !== undefined;
    this.#entries.delete(checked);
    return present;
  }

  /** {@inheritDoc Cache.has} */
  public async has(key: string): Promise<boolean> {
    return this.#read(this.#codec.checkKey(key)) !== undefined;
  }

  /** {@inheritDoc Cache.clear} */
  public async clear(): Promise<void> {
    this.#entries.clear();
  }

  /** {@inheritDoc Cache.getMany} */
  public async getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>> {
    const checked = keys.map((key) => this.#codec.checkKey(key));
    return checked.map((key) => this.#codec.decode<T>(this.#read(key)?.encoded));
  }

  /** {@inheritDoc Cache.setMany} */
  public async setMany(entries: ReadonlyArray<readonly [string, unknown]>, options: CacheSetOptions = {}): Promise<void> {
    const ttlMs = this.#codec.ttlOf(options.ttlMs, this.#settings.defaultTtlMs);
    // Encode everything first: a bad entry must not leave half the batch written.
    const encoded = entries.map(([key, value]) => [this.#codec.checkKey(key), this.#codec.encode(key, value)] as const);
    for (const [key, value] of encoded) {
      this.#write(key, value, ttlMs);
    }
  }

  /** Always healthy: nothing outside the process can fail. */
  public async health(): Promise<boolean> {
    return true;
  }

  /** Drops every entry so a swapped-out instance holds no memory. */
  public async cleanup(): Promise<void> {
    this.#entries.clear();
  }

  #read(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    this.#entries.delete(key);
    if (entry.expiresAt <= Date.now()) {
      return undefined;
    }
    // Re-inserting moves the key to the most recently used end.
    this.#entries.set(key, entry);
    return entry;
  }

  #write(key: string, encoded: string, ttlMs: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { encoded, expiresAt: ttlMs === 0 ? Infinity : Date.now() + ttlMs });
    if (this.#entries.size > this.#settings.maxEntries) {
      this.#evict();
    }
  }

  // Drops least recently used entries (the Map's first keys); an expired entry there goes first
  // anyway, and never scanning the whole map keeps a write O(1) when the cache is full.
  #evict(): void {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#settings.maxEntries) {
        break;
      }
      this.#entries.delete(key);
    }
  }
}
