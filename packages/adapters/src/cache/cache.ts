/** The contract of the `cache` category: every cache provider implements it. */

/**
 * Options of a write.
 * @category Cache
 */
export interface CacheSetOptions {
  /** Time to live in milliseconds; the provider's default TTL when absent; no expiry when 0. */
  readonly ttlMs?: number;
}

/**
 * A key/value cache of JSON values with per-entry TTL. Values go through JSON on every
 * provider, so a value read back is a copy, and swapping `memory` for `redis` changes nothing
 * a caller can see. Every method is async so that a circuit breaker can guard it.
 * @category Cache
 */
export interface Cache {
  /** The value under `key`, or undefined when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /**
   * Stores `value` (anything JSON can carry, except undefined) under `key`.
   * @throws AdapterError `invalidArgument` for an empty key, an undefined value, or a bad TTL
   */
  set(key: string, value: unknown, options?: CacheSetOptions): Promise<void>;
  /** Removes `key`; true when it was present. */
  delete(key: string): Promise<boolean>;
  /** True when `key` holds an unexpired value. */
  has(key: string): Promise<boolean>;
  /** Removes every entry of this cache (only its own namespace on a shared server). */
  clear(): Promise<void>;
  /** The values of `keys`, in order, undefined for each absent one. */
  getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>>;
  /** Stores several entries at once, with one TTL for all. */
  setMany(entries: ReadonlyArray<readonly [string, unknown]>, options?: CacheSetOptions): Promise<void>;
}
