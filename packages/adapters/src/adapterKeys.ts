/** Typed keys of the adapter categories: inject and use adapters by these, not by strings. */
import { defineKey } from '@oneiric/core';
import type { Cache } from './cache/cache.js';
import type { Database } from './database/database.js';
import type { HttpClient } from './http/httpClient.js';
import type { IdentityVerifier } from './identity/identityVerifier.js';
import type { Monitoring } from './monitoring/monitoring.js';
import type { Queue } from './queue/queue.js';
import type { SecretStore } from './secrets/secretStore.js';
import type { Storage } from './storage/storage.js';

/**
 * `adapter:cache`, typed {@link Cache}.
 * @example
 * ```ts
 * class Sessions { constructor(@cacheKey private readonly cache: Cache) {} }
 * ```
 * @category Keys
 */
export const cacheKey = defineKey<Cache>('adapter', 'cache');
/**
 * `adapter:database`, typed {@link Database}.
 * @category Keys
 */
export const databaseKey = defineKey<Database>('adapter', 'database');
/**
 * `adapter:http`, typed {@link HttpClient}.
 * @category Keys
 */
export const httpKey = defineKey<HttpClient>('adapter', 'http');
/**
 * `adapter:identity`, typed {@link IdentityVerifier}.
 * @category Keys
 */
export const identityKey = defineKey<IdentityVerifier>('adapter', 'identity');
/**
 * `adapter:monitoring`, typed {@link Monitoring}.
 * @category Keys
 */
export const monitoringKey = defineKey<Monitoring>('adapter', 'monitoring');
/**
 * `adapter:queue`, typed {@link Queue}.
 * @category Keys
 */
export const queueKey = defineKey<Queue>('adapter', 'queue');
/**
 * `adapter:secrets`, typed {@link SecretStore}.
 * @category Keys
 */
export const secretsKey = defineKey<SecretStore>('adapter', 'secrets');
/**
 * `adapter:storage`, typed {@link Storage}.
 * @category Keys
 */
export const storageKey = defineKey<Storage>('adapter', 'storage');
