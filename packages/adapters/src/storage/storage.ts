/** The contract of the `storage` category: every object storage provider implements it. */
import type { Readable } from 'node:stream';

/** What can be stored: bytes, text, or a stream of bytes (read to the end). */
export type StorageBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * Object storage under `/`-separated keys (`reports/2026/11.pdf`). Keys are relative: no empty
 * segment, no `.` or `..`, no backslash, no NUL. Every method is async so a circuit breaker can
 * guard it.
 */
export interface Storage {
  /**
   * Stores `body` under `key`, replacing what was there; readers never see a partial object.
   * @throws AdapterError `invalidArgument` or `pathOutsideRoot` for a bad key
   */
  put(key: string, body: StorageBody): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** A stream of the object's bytes, or undefined when there is none. */
  getStream(key: string): Promise<Readable | undefined>;
  /** Removes the object; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Keys that start with `prefix` (all keys without one), sorted. */
  list(prefix?: string): Promise<string[]>;
  /** True when an object is stored under `key`. */
  exists(key: string): Promise<boolean>;
}
