/** Object storage on Google Cloud Storage (`@google-cloud/storage` is an optional peer dependency). */
import { storageKey } from '../adapterKeys.js';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Bucket, File } from '@google-cloud/storage';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { isCloudNotFound, toCloudError } from '../clients/toCloudError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkPageRequest, checkSignedUrlOptions } from './checkPageRequest.js';
import { checkStorageKey } from './checkStorageKey.js';
import { GcsStorageSettings } from './gcsStorageSettings.js';
import { limitBody } from './limitBody.js';
import type { SignedUrlOptions, Storage, StorageBody, StorageMetadata, StoragePage, StoragePageRequest } from './storage.js';
import { listAllKeys } from './listAllKeys.js';

const PROVIDER = 'gcs';
const USER = { category: 'storage', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'storage', provider: PROVIDER } as const;

function about(operation: string, key: string): string {
  return `${operation} ${JSON.stringify(key)}`;
}

/**
 * Objects in one bucket, under `keyPrefix`, through the JSON API. `put` sends the body in one
 * multipart upload request, checked by MD5 on both ends: the object appears when the request
 * completes, never in part. Downloads are MD5-checked too. `getStream` reads the metadata first
 * (a missing object is undefined, not a failing stream). `signedUrl` signs a V4 URL locally with
 * the service account key of `credentialsJson` (`unsupported` without one).
 *
 * Every request has `requestTimeoutMs`; idempotent ones are tried `maxAttempts` times.
 * Failures are AdapterErrors (see `toCloudError`). Priority 450.
 * @example
 * ```ts
 * await storage.put('exports/2026-11.csv', csv);
 * const meta = await storage.metadata('exports/2026-11.csv');
 * ```
 * @category Storage
 */
@Adapter(storageKey, PROVIDER, {
  priority: 450,
  settings: GcsStorageSettings,
  capabilities: ['streams', 'signed-urls', 'pagination'],
  description: 'Google Cloud Storage (JSON API, MD5-checked transfers, V4 signed URLs)',
})
export class GcsStorage implements Storage {
  readonly #settings: GcsStorageSettings;
  #bucket: Bucket | undefined;
  #canSign = false;

  /** @param settings - bucket, project, endpoint, credentials, limits */
  public constructor(@InjectSettings() settings: GcsStorageSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `@google-cloud/storage` and creates the bucket's client (no request is made: see `health`).
   * @throws AdapterError `missingDependency` without the library; `invalidArgument` for
   *   `credentialsJson` that is not JSON
   */
  public async init(): Promise<void> {
    const library = await loadOptionalDependency('@google-cloud/storage', USER, () => import('@google-cloud/storage'));
    const settings = this.#settings;
    let credentials: Record<string, unknown> | undefined;
    if (settings.credentialsJson !== undefined) {
      try {
        credentials = JSON.parse(settings.credentialsJson) as Record<string, unknown>;
      } catch {
        // The parse error would quote the key: it is left out.
        throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${PROVIDER}): credentialsJson is not JSON`, CONTEXT);
      }
    }
    const client = new library.Storage({
      timeout: settings.requestTimeoutMs,
      retryOptions: { autoRetry: settings.maxAttempts > 1, maxRetries: settings.maxAttempts - 1 },
      ...(settings.projectId === undefined ? {} : { projectId: settings.projectId }),
      ...(settings.apiEndpoint === undefined ? {} : { apiEndpoint: settings.apiEndpoint }),
      ...(credentials === undefined ? {} : { credentials }),
    });
    this.#canSign = typeof credentials?.['private_key'] === 'string';
    this.#bucket = client.bucket(settings.bucket);
  }

  /** {@inheritDoc Storage.put} */
  public async put(key: string, body: StorageBody): Promise<void> {
    const file = this.#file(key);
    const content = limitBody(body, this.#settings.maxObjectBytes, PROVIDER);
    try {
      const upload = file.createWriteStream({ resumable: false, validation: 'md5' });
      await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, upload);
    } catch (error) {
      throw error instanceof AdapterError ? error : toCloudError(USER, about('put', key), error);
    }
  }

  /**
   * {@inheritDoc Storage.get}
   * @throws AdapterError `invalidArgument` for an object larger than `maxObjectBytes` (read it with `getStream`)
   */
  public async get(key: string): Promise<Buffer | undefined> {
    const metadata = await this.metadata(key);
    if (metadata === undefined) {
      return undefined;
    }
    if (metadata.size > this.#settings.maxObjectBytes) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${PROVIDER}): ${about('get', key)}: the object is larger than maxObjectBytes; read it with getStream`, CONTEXT);
    }
    try {
      const [data] = await this.#file(key).download({ validation: 'md5' });
      return data;
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, about('get', key), error);
    }
  }

  /** {@inheritDoc Storage.getStream} */
  public async getStream(key: string): Promise<Readable | undefined> {
    if ((await this.metadata(key)) === undefined) {
      return undefined;
    }
    return this.#file(key).createReadStream({ validation: 'md5' });
  }

  /** {@inheritDoc Storage.delete} */
  public async delete(key: string): Promise<boolean> {
    const file = this.#file(key);
    try {
      await file.delete();
      return true;
    } catch (error) {
      if (isCloudNotFound(error)) {
        return false;
      }
      throw toCloudError(USER, about('delete', key), error);
    }
  }

  /** {@inheritDoc Storage.list} */
  public list(prefix = ''): Promise<string[]> {
    return listAllKeys(this, prefix);
  }

  /**
   * One page of the keys that start with `prefix`, sorted; pass the page's `cursor` to read the next one.
   * The cursor is the service's page token.
   */
  public async listPage(prefix: string, page: StoragePageRequest): Promise<StoragePage> {
    const limit = checkPageRequest(page, PROVIDER);
    const bucket = requireReady(this.#bucket, 'storage', PROVIDER);
    const keyPrefix = this.#settings.keyPrefix;
    try {
      const [files, next] = await bucket.getFiles({
        prefix: keyPrefix + String(prefix).normalize('NFC'),
        maxResults: limit,
        autoPaginate: false,
        ...(page.cursor === undefined ? {} : { pageToken: page.cursor }),
      });
      const keys = files.map((file) => file.name.slice(keyPrefix.length));
      const token = (next as { pageToken?: string } | null | undefined)?.pageToken;
      return token === undefined || token === '' ? { keys } : { keys, cursor: token };
    } catch (error) {
      throw toCloudError(USER, `list ${JSON.stringify(prefix)}`, error);
    }
  }

  /** {@inheritDoc Storage.exists} */
  public async exists(key: string): Promise<boolean> {
    return (await this.metadata(key)) !== undefined;
  }

  /** {@inheritDoc Storage.metadata} */
  public async metadata(key: string): Promise<StorageMetadata | undefined> {
    const file = this.#file(key);
    try {
      const [resource] = await file.getMetadata();
      return {
        size: Number(resource.size ?? 0),
        lastModified: new Date(String(resource.updated ?? 0)),
        ...(resource.etag === undefined ? {} : { etag: resource.etag }),
        ...(resource.contentType === undefined ? {} : { contentType: resource.contentType }),
      };
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, about('read metadata of', key), error);
    }
  }

  /**

   * A URL that lets its holder read (GET) or write (PUT) the object without credentials until it expires.

   * A V4 URL signed locally with the service account key.

   */
  public async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    const file = this.#file(key);
    const { seconds, method } = checkSignedUrlOptions(options, PROVIDER);
    if (!this.#canSign) {
      throw new AdapterError(AdapterErrorKind.unsupported, `adapter:storage (${PROVIDER}): signed URLs need a service account key (credentialsJson)`, CONTEXT);
    }
    try {
      const [url] = await file.getSignedUrl({ version: 'v4', action: method === 'PUT' ? 'write' : 'read', expires: Date.now() + seconds * 1_000 });
      return url;
    } catch (error) {
      throw toCloudError(USER, about('sign', key), error);
    }
  }

  /** True when the bucket's metadata can be read (it exists and the credentials may use it). */
  public async health(): Promise<boolean> {
    try {
      await requireReady(this.#bucket, 'storage', PROVIDER).getMetadata();
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the client (it keeps no connection of its own open); later calls fail with `notReady`. */
  public async cleanup(): Promise<void> {
    this.#bucket = undefined;
    this.#canSign = false;
  }

  /** The file of a checked key (NFC, under the key prefix). */
  #file(key: string): File {
    const name = this.#settings.keyPrefix + checkStorageKey(key, PROVIDER).join('/');
    return requireReady(this.#bucket, 'storage', PROVIDER).file(name);
  }
}
