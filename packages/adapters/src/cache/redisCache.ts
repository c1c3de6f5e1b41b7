/** Cache on a Redis server through ioredis (an optional peer dependency). */
import { cacheKey } from '../adapterKeys.js';
import type { Redis } from 'ioredis';
import { Adapter, InjectSettings } from '@oneiric/core';
import { closeRedis } from '../clients/closeRedis.js';
import { connectRedis } from '../clients/connectRedis.js';
import { requireReady } from '../clients/requireReady.js';
import { toRedisError } from '../clients/toRedisError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { Cache, CacheSetOptions } from './cache.js';
import { CacheCodec } from './cacheCodec.js';
import { RedisCacheSettings } from './redisCacheSettings.js';

const USER = { category: 'cache', provider: 'redis' } as const;

/** Escapes Redis glob characters so a key prefix matches only itself in SCAN. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Cache on Redis: values are JSON strings under `keyPrefix`, TTLs are `PX` expiries, `clear()`
 * deletes only this cache's namespace (SCAN + UNLINK, never FLUSHDB). Every command has a time
 * limit and fails at once while the server is away, so a circuit breaker guarding the key sees
 * an outage immediately. Every failure of a command is an AdapterError (see `toRedisError`):
 * `timeout`, `connectionFailed`, `invalidData` (WRONGTYPE: the key holds another type) or
 * `queryFailed`, with the client's error as cause. Priority 400: it wins over `memory` when
 * registered.
 * @example
 * ```ts
 * app.register(RedisCache, MemoryCache);   // redis wins; memory is the fallback
 * ```
 * @category Cache
 */
@Adapter(cacheKey, 'redis', {
  priority: 400,
  settings: RedisCacheSettings,
  capabilities: ['ttl', 'distributed'],
  description: 'Redis cache (ioredis)',
})
export class RedisCache implements Cache {
  readonly #settings: RedisCacheSettings;
  readonly #codec = new CacheCodec('redis');
  #client: Redis | undefined;

  /** @param settings - server, key prefix, time limits */
  public constructor(@InjectSettings() settings: RedisCacheSettings) {
    this.#settings = settings;
  }

  /**
   * Loads ioredis and connects.
   * @throws AdapterError `missingDependency` or `connectionFailed`
   */
  public async init(): Promise<void> {
    this.#client ??= await connectRedis(this.#settings, USER);
  }

  /** {@inheritDoc Cache.get} */
  public async get<T = unknown>(key: string): Promise<T | undefined> {
    const fullKey = this.#key(key);
    return this.#codec.decode<T>(await this.#run('get', async (client) => client.get(fullKey)));
  }

  /** {@inheritDoc Cache.set} */
  public async set(key: string, value: unknown, options: CacheSetOptions = {}): Promise<void> {
    const fullKey = this.#key(key);
    const encoded = this.#codec.encode(key, value);
    const ttlMs = this.#codec.ttlOf(options.ttlMs, this.#settings.defaultTtlMs);
    await this.#run('set', async (client) => (ttlMs > 0 ? client.set(fullKey, encoded, 'PX', ttlMs) : client.set(fullKey, encoded)));
  }

  /** {@inheritDoc Cache.delete} */
  public async delete(key: string): Promise<boolean> {
    const fullKey = this.#key(key);
    return (await this.#run('delete', async (client) => client.del(fullKey))) > 0;
  }

  /** {@inheritDoc Cache.has} */
  public async has(key: string): Promise<boolean> {
    const fullKey = this.#key(key);
    return (await this.#run('has', async (client) => client.exists(fullKey))) > 0;
  }

  /** {@inheritDoc Cache.clear} */
  public async clear(): Promise<void> {
    const pattern = `${globEscape(this.#settings.keyPrefix)}*`;
    await this.#run('clear', async (client) => {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        if (keys.length > 0) {
          await client.unlink(...keys);
        }
        cursor = next;
      } while (cursor !== '0');
    });
  }

  /** {@inheritDoc Cache.getMany} */
  public async getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>> {
    const fullKeys = keys.map((key) => this.#key(key));
    if (fullKeys.length === 0) {
      return [];
    }
    const values = await this.#run('getMany', async (client) => client.mget(fullKeys));
    return values.map((value) => this.#codec.decode<T>(value));
  }

  /** {@inheritDoc Cache.setMany} */
  public async setMany(entries: ReadonlyArray<readonly [string, unknown]>, options: CacheSetOptions = {}): Promise<void> {
    const ttlMs = this.#codec.ttlOf(options.ttlMs, this.#settings.defaultTtlMs);
    const encoded = entries.map(([key, value]) => [this.#key(key), this.#codec.encode(key, value)] as const);
    if (encoded.length === 0) {
      return;
    }
    await this.#run('setMany', async (client) => {
      // MULTI: the batch is written all or nothing, and in one round trip.
      const batch = client.multi();
      for (const [fullKey, value] of encoded) {
        if (ttlMs > 0) {
          batch.set(fullKey, value, 'PX', ttlMs);
        } else {
          batch.set(fullKey, value);
        }
      }
      const results = await batch.exec();
      const failure = results?.find(([error]) => error !== null)?.[0];
      if (failure !== undefined && failure !== null) {
        throw failure;
      }
    });
  }

  /** True when the server answers PING within the command time limit. */
  public async health(): Promise<boolean> {
    try {
      return (await this.#ready().ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Closes the connection (QUIT, then disconnect); safe to call twice. */
  public async cleanup(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) {
      await closeRedis(client, this.#settings.commandTimeoutMs);
    }
  }

  // Runs one operation on the connection; whatever the client throws becomes an AdapterError.
  async #run<T>(operation: string, command: (client: Redis) => Promise<T>): Promise<T> {
    const client = this.#ready();
    try {
      return await command(client);
    } catch (error) {
      throw toRedisError(USER, operation, error);
    }
  }

  #key(key: string): string {
    return this.#settings.keyPrefix + this.#codec.checkKey(key);
  }

  #ready(): Redis {
    const client = requireReady(this.#client, USER.category, USER.provider);
    if (client.status !== 'ready') {
      // While reconnecting, ioredis would park commands on the connecting socket until the
      // attempt fails; failing at once lets a circuit breaker see the outage within milliseconds.
      throw new AdapterError(AdapterErrorKind.connectionFailed, `adapter:cache (redis): not connected (${client.status})`, { domain: 'adapter', key: 'cache', provider: 'redis' });
    }
    return client;
  }
}
