/** Object storage on Azure Blob Storage (`@azure/storage-blob` is an optional peer dependency). */
import { storageKey } from '../adapterKeys.js';
import type { Readable } from 'node:stream';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { isCloudNotFound, toCloudError } from '../clients/toCloudError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { AzureBlobStorageSettings } from './azureBlobStorageSettings.js';
import { checkPageRequest, checkSignedUrlOptions } from './checkPageRequest.js';
import { checkStorageKey } from './checkStorageKey.js';
import { limitBody } from './limitBody.js';
import type { SignedUrlOptions, Storage, StorageBody, StorageMetadata, StoragePage, StoragePageRequest } from './storage.js';
import { listAllKeys } from './listAllKeys.js';

const PROVIDER = 'azure-blob';
const USER = { category: 'storage', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'storage', provider: PROVIDER } as const;

type AzureModule = typeof import('@azure/storage-blob');

function about(operation: string, key: string): string {
  return `${operation} ${JSON.stringify(key)}`;
}

/**
 * Block blobs in one container, under `keyPrefix`. `put` stages the body in blocks of
 * `blockSizeBytes`, `uploadConcurrency` at a time, and commits the block list at the end: the
 * blob changes only then, so readers never see part of one. `listPage` uses the service's own
 * continuation markers. `signedUrl` makes a blob SAS URL (read, or create and write), signed
 * with the account key: it needs `accountName` and `accountKey` (or a connection string with a
 * key), else it fails with `unsupported`. `delete` is DeleteIfExists.
 *
 * Credentials: `connectionString`, or `accountUrl` with `accountName` and `accountKey`, or
 * `accountUrl` alone with a SAS token in it. Every try of a request has `requestTimeoutMs`, and
 * a request is tried `maxAttempts` times. Failures are AdapterErrors (see `toCloudError`).
 * Priority 425.
 * @example
 * ```ts
 * await storage.put('invoices/42.pdf', pdfBytes);
 * const page = await storage.listPage('invoices/', { limit: 100 });
 * ```
 * @category Storage
 */
@Adapter(storageKey, PROVIDER, {
  priority: 425,
  settings: AzureBlobStorageSettings,
  capabilities: ['streams', 'multipart', 'signed-urls', 'pagination'],
  description: 'Azure Blob Storage (block blobs, SAS URLs)',
})
export class AzureBlobStorage implements Storage {
  readonly #settings: AzureBlobStorageSettings;
  #azure: AzureModule | undefined;
  #container: ContainerClient | undefined;

  /** @param settings - container, credentials, block size, limits */
  public constructor(@InjectSettings() settings: AzureBlobStorageSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `@azure/storage-blob` and creates the container's client (no request is made: see `health`).
   * @throws AdapterError `missingDependency` without the library; `invalidArgument` with neither
   *   a connection string nor an account URL
   */
  public async init(): Promise<void> {
    const azure = await loadOptionalDependency('@azure/storage-blob', USER, () => import('@azure/storage-blob'));
    const settings = this.#settings;
    const options = { retryOptions: { maxTries: settings.maxAttempts, tryTimeoutInMs: settings.requestTimeoutMs } };
    let service;
    if (settings.connectionString !== undefined) {
      service = azure.BlobServiceClient.fromConnectionString(settings.connectionString, options);
    } else if (settings.accountUrl !== undefined) {
      const credential = settings.accountName !== undefined && settings.accountKey !== undefined
        ? new azure.StorageSharedKeyCredential(settings.accountName, settings.accountKey)
        : new azure.AnonymousCredential();
      service = new azure.BlobServiceClient(settings.accountUrl, credential, options);
    } else {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${PROVIDER}): set connectionString, or accountUrl (with accountName and accountKey)`, CONTEXT);
    }
    this.#azure = azure;
    this.#container = service.getContainerClient(settings.container);
  }

  /** {@inheritDoc Storage.put} */
  public async put(key: string, body: StorageBody): Promise<void> {
    const blob = this.#blob(key);
    const content = limitBody(body, this.#settings.maxObjectBytes, PROVIDER);
    const { blockSizeBytes, uploadConcurrency } = this.#settings;
    try {
      if (Buffer.isBuffer(content)) {
        await blob.uploadData(content, { blockSize: blockSizeBytes, concurrency: uploadConcurrency });
      } else {
        await blob.uploadStream(content, blockSizeBytes, uploadConcurrency);
      }
    } catch (error) {
      if (!Buffer.isBuffer(content)) {
        content.destroy();
      }
      throw error instanceof AdapterError ? error : toCloudError(USER, about('put', key), error);
    }
  }

  /**
   * {@inheritDoc Storage.get}
   * @throws AdapterError `invalidArgument` for an object larger than `maxObjectBytes` (read it with `getStream`)
   */
  public async get(key: string): Promise<Buffer | undefined> {
    const stream = await this.#open(key, this.#settings.maxObjectBytes);
    if (stream === undefined) {
      return undefined;
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    } catch (error) {
      throw toCloudError(USER, about('read', key), error);
    }
    return Buffer.concat(chunks);
  }

  /** {@inheritDoc Storage.getStream} */
  public async getStream(key: string): Promise<Readable | undefined> {
    return this.#open(key, Number.POSITIVE_INFINITY);
  }

  /** {@inheritDoc Storage.delete} */
  public async delete(key: string): Promise<boolean> {
    const blob = this.#blob(key);
    try {
      return (await blob.deleteIfExists()).succeeded;
    } catch (error) {
      throw toCloudError(USER, about('delete', key), error);
    }
  }

  /** {@inheritDoc Storage.list} */
  public list(prefix = ''): Promise<string[]> {
    return listAllKeys(this, prefix);
  }

  /** {@inheritDoc Storage.listPage} */
  public async listPage(prefix: string, page: StoragePageRequest): Promise<StoragePage> {
    const limit = checkPageRequest(page, PROVIDER);
    const container = requireReady(this.#container, 'storage', PROVIDER);
    const keyPrefix = this.#settings.keyPrefix;
    try {
      const pages = container.listBlobsFlat({ prefix: keyPrefix + String(prefix).normalize('NFC') })
        .byPage({ maxPageSize: limit, ...(page.cursor === undefined ? {} : { continuationToken: page.cursor }) });
      const { value } = await pages.next();
      const segment = value as { segment: { blobItems: Array<{ name: string }> }; continuationToken?: string } | undefined;
      const keys = (segment?.segment.blobItems ?? []).map((item) => item.name.slice(keyPrefix.length));
      const next = segment?.continuationToken;
      return next === undefined || next === '' ? { keys } : { keys, cursor: next };
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
    const blob = this.#blob(key);
    try {
      const properties = await blob.getProperties();
      return {
        size: properties.contentLength ?? 0,
        lastModified: properties.lastModified ?? new Date(0),
        ...(properties.etag === undefined ? {} : { etag: properties.etag }),
        ...(properties.contentType === undefined ? {} : { contentType: properties.contentType }),
      };
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, about('read properties of', key), error);
    }
  }

  /**
   * A URL that lets its holder read (GET) or write (PUT) the object without credentials until it expires.
   * A blob SAS (read for GET; create and write for PUT, which takes `x-ms-blob-type: BlockBlob`),
   * signed locally with the account key.
   */
  public async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    const blob = this.#blob(key);
    const azure = requireReady(this.#azure, 'storage', PROVIDER);
    const { seconds, method } = checkSignedUrlOptions(options, PROVIDER);
    if (!(blob.credential instanceof azure.StorageSharedKeyCredential)) {
      throw new AdapterError(AdapterErrorKind.unsupported, `adapter:storage (${PROVIDER}): signed URLs need the account key (accountName and accountKey, or a connection string with one)`, CONTEXT);
    }
    try {
      return await blob.generateSasUrl({
        permissions: azure.BlobSASPermissions.parse(method === 'PUT' ? 'cw' : 'r'),
        expiresOn: new Date(Date.now() + seconds * 1_000),
      });
    } catch (error) {
      throw toCloudError(USER, about('sign', key), error);
    }
  }

  /** True when the container's properties can be read (it exists and the credentials may use it). */
  public async health(): Promise<boolean> {
    try {
      await requireReady(this.#container, 'storage', PROVIDER).getProperties();
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the client (it holds no connection of its own open); later calls fail with `notReady`. */
  public async cleanup(): Promise<void> {
    this.#container = undefined;
    this.#azure = undefined;
  }

  async #open(key: string, maxBytes: number): Promise<Readable | undefined> {
    const blob = this.#blob(key);
    try {
      const answer = await blob.download();
      const body = answer.readableStreamBody as Readable | undefined;
      if ((answer.contentLength ?? 0) > maxBytes) {
        body?.destroy();
        throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${PROVIDER}): ${about('get', key)}: the object is larger than maxObjectBytes; read it with getStream`, CONTEXT);
      }
      return body;
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, about('get', key), error);
    }
  }

  /** The block blob client of a checked key (NFC, under the key prefix). */
  #blob(key: string): BlockBlobClient {
    const name = this.#settings.keyPrefix + checkStorageKey(key, PROVIDER).join('/');
    return requireReady(this.#container, 'storage', PROVIDER).getBlockBlobClient(name);
  }
}
