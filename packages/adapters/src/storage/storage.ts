/** The contract of the `storage` category: every object storage provider implements it. */
import type { Readable } from 'node:stream';

/**
 * What can be stored: bytes, text, or a stream of bytes (read to the end).
 * @category Storage
 */
export type StorageBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * What a provider knows about one stored object without reading it.
 * @category Storage
 */
export interface StorageMetadata {
  /** Size in bytes. */
  readonly size: number;
  /** When the object was last written. */
  readonly lastModified: Date;
  /** The service's version tag of the content (S3/Azure/GCS ETag), when it has one. */
  readonly etag?: string;
  /** Media type recorded with the object, when the service records one. */
  readonly contentType?: string;
}

/**
 * Which page of a listing to read.
 * @category Storage
 */
export interface StoragePageRequest {
  /** Most keys on the page (1 to 1000). */
  readonly limit: number;
  /** The `cursor` of the previous page; none for the first page. */
  readonly cursor?: string;
}

/**
 * One page of keys, sorted, and where the next one starts.
 * @category Storage
 */
export interface StoragePage {
  readonly keys: string[];
  /** Pass to the next `listPage` call; undefined on the last page. */
  readonly cursor?: string;
}

/**
 * How long a signed URL is valid and what it allows.
 * @category Storage
 */
export interface SignedUrlOptions {
  /** Seconds until the URL expires (1 to 604800, seven days). */
  readonly expiresInSeconds: number;
  /** `GET` to read the object (the default), `PUT` to write it. */
  readonly method?: 'GET' | 'PUT';
}

/**
 * Object storage under `/`-separated keys (`reports/2026/11.pdf`). Keys are relative: no empty
 * segment, no `.` or `..`, no backslash, no NUL. Every method is async so a circuit breaker can
 * guard it.
 * @category Storage
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
  /**
   * One page of the keys that start with `prefix`, sorted; pass the page's `cursor` to read the
   * next one. Keys written or removed between pages may or may not show.
   * @throws AdapterError `invalidArgument` for a limit outside 1 to 1000 or a cursor of another listing
   */
  listPage(prefix: string, page: StoragePageRequest): Promise<StoragePage>;
  /** True when an object is stored under `key`. */
  exists(key: string): Promise<boolean>;
  /** Size, time and tags of the object, or undefined when there is none. */
  metadata(key: string): Promise<StorageMetadata | undefined>;
  /**
   * A URL that lets its holder read (or write) the object without credentials until it expires;
   * present only on providers whose service has them (capability `signed-urls`).
   * @throws AdapterError `unsupported` when the provider's credentials cannot sign
   */
  signedUrl?(key: string, options: SignedUrlOptions): Promise<string>;
}
