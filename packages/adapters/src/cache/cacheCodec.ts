/** Key and value checks and the JSON encoding shared by every cache provider. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { messageOf } from '@oneiric/core/internal';

/** Identity of the provider, for error messages. */
export interface CacheIdentity {
  /** Provider name. */
  readonly provider: string;
}

/**
 * Checks keys, values and TTLs, and encodes values as JSON. Shared so that every cache
 * provider rejects the same inputs with the same {@link AdapterError}.
 * @category Cache
 */
export class CacheCodec {
  /** @param provider - the provider's name, for messages */
  public constructor(private readonly provider: string) {}

  /** @throws AdapterError `invalidArgument` when the key is not a non-empty string */
  public checkKey(key: unknown): string {
    if (typeof key !== 'string' || key.length === 0) {
      throw this.#invalid(`cache key must be a non-empty string, got ${JSON.stringify(key) ?? String(key)}`);
    }
    return key;
  }

  /**
   * The TTL to apply: `ttlMs` when given, else `defaultTtlMs`; 0 means no expiry.
   * @throws AdapterError `invalidArgument` for a negative or non-integer TTL
   */
  public ttlOf(ttlMs: number | undefined, defaultTtlMs: number): number {
    const value = ttlMs ?? defaultTtlMs;
    if (!Number.isSafeInteger(value) || value < 0) {
      throw this.#invalid(`ttlMs must be a non-negative integer, got ${String(ttlMs)}`);
    }
    return value;
  }

  /** @throws AdapterError `invalidArgument` when the value is undefined or cannot be JSON */
  public encode(key: string, value: unknown): string {
    if (value === undefined) {
      // undefined would read back as a miss: refuse it rather than store something unreadable.
      throw this.#invalid(`cache value of '${key}' is undefined; use delete() to remove an entry`);
    }
    let encoded: string | undefined;
    try {
      encoded = JSON.stringify(value);
    } catch (error) {
      throw this.#invalid(`cache value of '${key}' cannot be encoded as JSON: ${messageOf(error)}`, error);
    }
    if (encoded === undefined) {
      throw this.#invalid(`cache value of '${key}' cannot be encoded as JSON (${typeof value})`);
    }
    return encoded;
  }

  /**
   * Decodes a stored value; undefined stays undefined (a miss).
   * @throws AdapterError `invalidData` when the stored text is not JSON (written by something else)
   */
  public decode<T>(encoded: string | null | undefined): T | undefined {
    if (encoded === null || encoded === undefined) {
      return undefined;
    }
    try {
      return JSON.parse(encoded) as T;
    } catch (error) {
      throw new AdapterError(
        AdapterErrorKind.invalidData,
        `adapter:cache (${this.provider}): a stored value is not JSON (was it written by another program?): ${messageOf(error)}`,
        { domain: 'adapter', key: 'cache', provider: this.provider },
        error,
      );
    }
  }

  #invalid(message: string, cause?: unknown): AdapterError {
    return new AdapterError(AdapterErrorKind.invalidArgument, `adapter:cache (${this.provider}): ${message}`, { domain: 'adapter', key: 'cache', provider: this.provider }, cause);
  }
}
