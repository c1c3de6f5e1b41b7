import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeWithEmulator } from '../testing/emulatorProcess.js';
import { removeS3Server, startS3Server, type S3Server } from '../testing/s3Server.js';
import { readAll, storageContract } from '../testing/storageContract.js';
import { S3Storage } from './s3Storage.js';
import { S3StorageSettings } from './s3StorageSettings.js';

const BUCKET = 'oneiric-test';
const MIB = 1_048_576;

function settingsFor(server: S3Server, overrides: Partial<S3StorageSettings> = {}): S3StorageSettings {
  return Object.assign(new S3StorageSettings(), {
    bucket: BUCKET, endpoint: server.url, forcePathStyle: true, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER',
    checksums: 'when-required', connectTimeoutMs: 2_000, requestTimeoutMs: 10_000, maxAttempts: 1,
  }, overrides);
}

describeWithEmulator('s3rver', 'S3Storage against s3rver (an S3-compatible server)', () => {
  let server: S3Server;
  let raw: S3Client;
  let storage: S3Storage;
  beforeAll(async () => {
    server = await startS3Server(BUCKET);
    raw = new S3Client({ region: 'us-east-1', endpoint: server.url, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  });
  afterAll(async () => {
    raw.destroy();
    await removeS3Server(server);
  });
  beforeEach(async () => {
    storage = new S3Storage(settingsFor(server));
    await storage.init();
  });
  afterEach(async () => {
    // Each test starts from an empty bucket.
    const listed = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const objects = (listed.Contents ?? []).map((entry) => ({ Key: entry.Key ?? '' }));
    if (objects.length > 0) await raw.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: objects } }));
    await storage.cleanup();
  });

  describe('the storage contract', () => {
    storageContract(() => storage);
  });

  it('uploads a body larger than the part size as a multipart upload and reads it back intact', async () => {
    const body = randomBytes(11 * MIB);
    // A stream of unknown length: the upload is cut into 5 MiB parts as it is read.
    await storage.put('big/blob', Readable.from([body.subarray(0, 3 * MIB), body.subarray(3 * MIB)]));
    const read = await storage.get('big/blob');
    expect(read?.equals(body)).toBe(true);
    expect((await storage.metadata('big/blob'))?.size).toBe(11 * MIB);
  }, 60_000);

  it('keeps objects under keyPrefix and lists them without it', async () => {
    const scoped = new S3Storage(settingsFor(server, { keyPrefix: 'app-a/' }));
    await scoped.init();
    await scoped.put('x/1', 'one');
    expect(await scoped.list()).toEqual(['x/1']);
    expect(await storage.list()).toEqual(['app-a/x/1']);
    await scoped.cleanup();
  });

  it('refuses a body over maxObjectBytes with invalidArgument and stores nothing', async () => {
    const small = new S3Storage(settingsFor(server, { maxObjectBytes: 10 }));
    await small.init();
    await expect(small.put('limit/text', 'eleven byte')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    await expect(small.put('limit/stream', Readable.from([Buffer.alloc(6), Buffer.alloc(6)]))).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    await small.put('limit/ok', 'ten bytes!');
    await expect(small.get('limit/ok')).resolves.toEqual(Buffer.from('ten bytes!'));
    expect(await storage.list('limit/')).toEqual(['limit/ok']);
    await small.cleanup();
  });

  it('refuses to read an object over maxObjectBytes into memory, and streams it', async () => {
    await storage.put('large/x', 'twenty bytes of text');
    const small = new S3Storage(settingsFor(server, { maxObjectBytes: 10 }));
    await small.init();
    await expect(small.get('large/x')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    const stream = await small.getStream('large/x');
    expect(stream === undefined ? undefined : (await readAll(stream)).toString('utf8')).toBe('twenty bytes of text');
    await small.cleanup();
  });

  it('signs GET and PUT URLs that a plain HTTP client can use without credentials', async () => {
    const putUrl = await storage.signedUrl('signed/doc.txt', { expiresInSeconds: 300, method: 'PUT' });
    expect((await fetch(putUrl, { method: 'PUT', body: 'via url', signal: AbortSignal.timeout(5_000) })).ok).toBe(true);
    const getUrl = await storage.signedUrl('signed/doc.txt', { expiresInSeconds: 300 });
    expect(new URL(getUrl).searchParams.get('X-Amz-Expires')).toBe('300');
    const answer = await fetch(getUrl, { signal: AbortSignal.timeout(5_000) });
    expect(await answer.text()).toBe('via url');
    await expect(storage.signedUrl('signed/doc.txt', { expiresInSeconds: 0 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
  });

  it('streams an object it reads', async () => {
    await storage.put('s/x', 'streamed');
    const stream = await storage.getStream('s/x');
    expect(stream === undefined ? undefined : (await readAll(stream)).toString('utf8')).toBe('streamed');
  });

  it('is healthy for its bucket and unhealthy for a missing one', async () => {
    expect(await storage.health()).toBe(true);
    const other = new S3Storage(settingsFor(server, { bucket: 'no-such-bucket' }));
    await other.init();
    expect(await other.health()).toBe(false);
    await other.cleanup();
  });

  it('fails with connectionFailed when nothing listens at the endpoint', async () => {
    const closed = new S3Storage(settingsFor(server, { endpoint: 'http://127.0.0.1:1' }));
    await closed.init();
    const error = await closed.get('x').then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).kind).toBe(AdapterErrorKind.connectionFailed);
    await closed.cleanup();
  });

  it('fails with notReady after cleanup', async () => {
    await storage.cleanup();
    await expect(storage.get('x')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
  });
});
