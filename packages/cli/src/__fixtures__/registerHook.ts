// Test fixture for `--import`: exports both `register` and `providers`, so only `register` must be used.
import { Adapter, type Oneiric } from '@oneiric/core';

/** Registered by `register`: a cache with capabilities, for `explain --capability`. */
@Adapter('cache', 'lru', { priority: 50, capabilities: ['ttl', 'eviction'] })
export class LruCache {}

/** Only reachable through `providers`; must never show up, because `register` wins. */
@Adapter('cache', 'ignored', 999)
export class IgnoredCache {}

/** Registers the LRU cache, asynchronously to prove the CLI awaits it. */
export async function register(app: Oneiric): Promise<void> {
  await Promise.resolve();
  app.register(LruCache);
}

/** Present to check that `register` takes precedence over it. */
export const providers = [IgnoredCache];
