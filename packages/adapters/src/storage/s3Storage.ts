/** Object storage on Amazon S3 or an S3-compatible service (`@aws-sdk/client-s3` is an optional peer dependency). */
import { storageKey } from '../adapterKeys.js';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { isCloudNotFound, toCloudError } from '../clients/toCloudError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkPageRequest, checkSignedUrlOptions } from './checkPageRequest.js';
import { checkStorageKey } from './checkStorageKey.js';
import { decodeCursor, encodeCursor } from './pageOfKeys.js';
import { limitBody } from './limitBody.js';
import { S3StorageSettings } from './s3StorageSettings.js';
import type { SignedUrlOptions, Storage, StorageBody, StorageMetadata, StoragePage, StoragePageRequest } from './storage.js';
import { listAllKeys } from './listAllKeys.js';

const PROVIDER = 's3';
const USER = { category: 'storage', provider: PROVIDER } as const;

type S3Module = typeof import('@aws-sdk/client-s3');

/** The operation, naming the key, for messages. */
function about(operation: string, key: string): string {
  return `${operation} ${JSON.stringify(key)}`;
}

/**
 * Objects in one S3 bucket, under `keyPrefix`. `put` uploads a body up to `partSizeBytes` in one
 * PutObject and a larger one (or a stream of unknown length past that size) as a multipart
 * upload of `partSizeBytes` parts, `uploadConcurrency` at a time (`@aws-sdk/lib-storage`): S3
 * makes the object visible only when the upload completes, and a failed upload is aborted, so
 * readers never see part of an object. `signedUrl` presigns GetObject or PutObject (SigV4,
 * `@aws-sdk/s3-request-presigner`). `delete` answers whether the object existed by a HeadObject
 * before the DeleteObject (S3 itself does not say).
 *
 * Every request has `connectTimeoutMs` to connect and `requestTimeoutMs` of idle socket, and is
 * tried `maxAttempts` times. Failures are AdapterErrors (see `toCloudError`): `timeout`,
 * `connectionFailed`, `permissionDenied`, `invalidArgument`, `requestFailed`, with the SDK's
 * error as cause. Priority 400.
 * @example
 * ```ts
 * await storage.put('reports/nov.pdf', createReadStream('nov.pdf'));
 * const url = await storage.signedUrl?.('reports/nov.pdf', { expiresInSeconds: 600 });
 * ```
 * @category Storage
 */
@Adapter(storageKey, PROVIDER, {
  priority: 400,
  settings: S3StorageSettings,
  capabilities: ['streams', 'multipart', 'signed-urls', 'pagination'],
  description: 'Amazon S3 (or S3-compatible) object storage with multipart uploads and presigned URLs',
})
export class S3Storage implements Storage {
  readonly #settings: S3StorageSettings;
  #s3: S3Module | undefined;
  #client: S3Client | undefined;

  /** @param settings - bucket, region, endpoint, credentials, part size, limits */
  public constructor(@InjectSettings() settings: S3StorageSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `@aws-sdk/client-s3` and creates the client (no request is made: see `health`).
   * @throws AdapterError `missingDependency` without the SDK
   */
  public async init(): Promise<void> {
    const s3 = await loadOptionalDependency('@aws-sdk/client-s3', USER, () => import('@aws-sdk/client-s3'));
    const settings = this.#settings;
    const credentials = settings.accessKeyId !== undefined && settings.secretAccessKey !== undefined
      ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
      : undefined;
    this.#client?.destroy();
    this.#s3 = s3;
    this.#client = new s3.S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      maxAttempts: settings.maxAttempts,
      requestChecksumCalculation: settings.checksums === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
      responseChecksumValidation: settings.checksums === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
      requestHandler: { connectionTimeout: settings.connectTimeoutMs, socketTimeout: settings.requestTimeoutMs },
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      ...(credentials === undefined ? {} : { credentials }),
    });
  }

  /** {@inheritDoc Storage.put} */
  public async put(key: string, body: StorageBody): Promise<void> {
    const objectKey = this.#objectKey(key);
    const client = this.#ready();
    const content = limitBody(body, this.#settings.maxObjectBytes, PROVIDER);
    const params = { Bucket: this.#settings.bucket, Key: objectKey, Body: content };
    try {
      if (Buffer.isBuffer(content) && content.length <= this.#settings.partSizeBytes) {
        // A body known to fit one part: one PutObject, without the upload manager's buffering.
        const s3 = requireReady(this.#s3, 'storage', PROVIDER);
        await client.send(new s3.PutObjectCommand({ ...params, Body: content }));
        return;
      }
      const { Upload } = await loadOptionalDependency('@aws-sdk/lib-storage', USER, () => import('@aws-sdk/lib-storage'));
      // A failed multipart upload is aborted (leavePartsOnError false): its parts are dropped, no object appears.
      const upload = new Upload({ client, params, partSize: this.#settings.partSizeBytes, queueSize: this.#settings.uploadConcurrency, leavePartsOnError: false });
      await upload.done();
    } catch (error) {
      if (!Buffer.isBuffer(content)) {
        content.destroy();
      }
      // The size limit's own error (or the caller's stream's) surfaces as it is.
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

  /** The object's body as a stream, refused when it is larger than `maxBytes`. */
  async #open(key: string, maxBytes: number): Promise<Readable | undefined> {
    const objectKey = this.#objectKey(key);
    const client = this.#ready();
    const s3 = requireReady(this.#s3, 'storage', PROVIDER);
    try {
      const answer = await client.send(new s3.GetObjectCommand({ Bucket: this.#settings.bucket, Key: objectKey }));
      const body = answer.Body as Readable | undefined;
      if ((answer.ContentLength ?? 0) > maxBytes) {
        body?.destroy();
        throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${PROVIDER}): ${about('get', key)}: the object is larger than maxObjectBytes; read it with getStream`, { domain: 'adapter', key: 'storage', provider: PROVIDER });
      }
      return body;
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, about('get', key), error);
    }
  }

  /** {@inheritDoc Storage.delete} */
  public async delete(key: string): Promise<boolean> {
    if (!(await this.exists(key))) {
      return false;
    }
    const s3 = requireReady(this.#s3, 'storage', PROVIDER);
    try {
      await this.#ready().send(new s3.DeleteObjectCommand({ Bucket: this.#settings.bucket, Key: this.#objectKey(key) }));
      return true;
    } catch (error) {
      throw toCloudError(USER, about('delete', key), error);
    }
  }

  /** {@inheritDoc Storage.list} */
  public list(prefix = ''): Promise<string[]> {
    return listAllKeys(this, prefix);
  }

  /**
   * One page of the keys that start with `prefix`, sorted; pass the page's `cursor` to read the next one.
   * The cursor is the page's last key (base64url): the next page starts after it (`StartAfter`),
   * which every S3-compatible service supports.
   */
  public async listPage(prefix: string, page: StoragePageRequest): Promise<StoragePage> {
    const limit = checkPageRequest(page, PROVIDER);
    const s3 = requireReady(this.#s3, 'storage', PROVIDER);
    const keyPrefix = this.#settings.keyPrefix;
    const after = page.cursor === undefined ? undefined : this.#objectKey(decodeCursor(page.cursor, PROVIDER));
    try {
      const answer = await this.#ready().send(new s3.ListObjectsV2Command({
        Bucket: this.#settings.bucket,
        Prefix: keyPrefix + String(prefix).normalize('NFC'),
        MaxKeys: limit,
        ...(after === undefined ? {} : { StartAfter: after }),
      }));
      const keys = (answer.Contents ?? []).flatMap((entry) => (entry.Key === undefined ? [] : [entry.Key.slice(keyPrefix.length)]));
      const last = keys[keys.length - 1];
      return answer.IsTruncated === true && last !== undefined ? { keys, cursor: encodeCursor(last) } : { keys };
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
    const objectKey = this.#objectKey(key);
    const s3 = requireReady(this.#s3, 'storage', PROVIDER);
    try {
      const head = await this.#ready().send(new s3.HeadObjectCommand({ Bucket: this.#settings.bucket, Key: objectKey }));
      return {
        size: head.ContentLength ?? 0,
        lastModified: head.LastModified ?? new Date(0),
        ...(head.ETag === undefined ? {} : { etag: head.ETag }),
        ...(head.ContentType === undefined ? {} : { contentType: head.ContentType }),
      };
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, about('head', key), error);
    }
  }

  /**
   * A URL that lets its holder read (GET) or write (PUT) the object without credentials until it expires.
   * The URL is signed locally with the client's credentials (SigV4), no request is made.
   */
  public async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    const objectKey = this.#objectKey(key);
    const { seconds, method } = checkSignedUrlOptions(options, PROVIDER);
    const s3 = requireReady(this.#s3, 'storage', PROVIDER);
    const { getSignedUrl } = await loadOptionalDependency('@aws-sdk/s3-request-presigner', USER, () => import('@aws-sdk/s3-request-presigner'));
    const target = { Bucket: this.#settings.bucket, Key: objectKey };
    try {
      const command = method === 'PUT' ? new s3.PutObjectCommand(target) : new s3.GetObjectCommand(target);
      return await getSignedUrl(this.#ready(), command, { expiresIn: seconds });
    } catch (error) {
      throw toCloudError(USER, about('sign', key), error);
    }
  }

  /** True when a HeadBucket of the bucket succeeds (it exists and the credentials may use it). */
  public async health(): Promise<boolean> {
    try {
      const s3 = requireReady(this.#s3, 'storage', PROVIDER);
      await this.#ready().send(new s3.HeadBucketCommand({ Bucket: this.#settings.bucket }));
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the client's connections; later calls fail with `notReady`. */
  public async cleanup(): Promise<void> {
    this.#client?.destroy();
    this.#client = undefined;
    this.#s3 = undefined;
  }

  #ready(): S3Client {
    return requireReady(this.#client, 'storage', PROVIDER);
  }

  /** The checked key, NFC, under the key prefix. */
  #objectKey(key: string): string {
    return this.#settings.keyPrefix + checkStorageKey(key, PROVIDER).join('/');
  }
}
