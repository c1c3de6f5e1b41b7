import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AdapterErrorKind } from '../errors/adapterError.js';
import { startGcsStandIn, type GcsStandIn } from '../testing/gcsStandIn.js';
import { testServiceAccountKey } from '../testing/serviceAccountKey.js';
import { readAll, storageContract } from '../testing/storageContract.js';
import { GcsStorage } from './gcsStorage.js';
import { GcsStorageSettings } from './gcsStorageSettings.js';

const BUCKET = 'oneiric-test';

describe('GcsStorage against a Cloud Storage JSON API stand-in (the official client)', () => {
  const key = testServiceAccountKey('oneiric-test');
  let standIn: GcsStandIn;
  let storage: GcsStorage;
  const settings = (overrides: Partial<GcsStorageSettings> = {}): GcsStorageSettings => Object.assign(new GcsStorageSettings(), {
    bucket: BUCKET, projectId: 'oneiric-test', apiEndpoint: standIn.url, requestTimeoutMs: 5_000, maxAttempts: 1,
  }, overrides);
  beforeAll(async () => {
    standIn = await startGcsStandIn(BUCKET);
  });
  afterAll(async () => {
    await standIn.stop();
  });
  beforeEach(async () => {
    standIn.objects.clear();
    storage = new GcsStorage(settings());
    await storage.init();
  });
  afterEach(async () => {
    await storage.cleanup();
  });

  describe('the storage contract', () => {
    storageContract(() => storage);
  });

  it('uploads in one multipart request with an MD5 the service checks, and reads a large body back intact', async () => {
    const body = randomBytes(3 * 1_048_576 + 7);
    await storage.put('big/blob', Readable.from([body.subarray(0, 1_000), body.subarray(1_000)]));
    const upload = standIn.requests.find((request) => request.method === 'POST');
    expect(upload?.url.searchParams.get('uploadType')).toBe('multipart');
    expect((await storage.get('big/blob'))?.equals(body)).toBe(true);
    const stream = await storage.getStream('big/blob');
    expect(stream === undefined ? undefined : (await readAll(stream)).equals(body)).toBe(true);
  }, 30_000);

  it('keeps objects under keyPrefix and lists them without it', async () => {
    const scoped = new GcsStorage(settings({ keyPrefix: 'app-a/' }));
    await scoped.init();
    await scoped.put('x/1', 'one');
    expect(await scoped.list()).toEqual(['x/1']);
    expect([...standIn.objects.keys()]).toEqual(['app-a/x/1']);
  });

  it('signs V4 URLs with the service account key, and refuses to sign without one', async () => {
    await expect(storage.signedUrl('s/doc', { expiresInSeconds: 60 })).rejects.toMatchObject({ kind: AdapterErrorKind.unsupported });
    const signing = new GcsStorage(settings({ credentialsJson: key.json }));
    await signing.init();
    await signing.put('s/doc', 'signed');
    const url = new URL(await signing.signedUrl('s/doc', { expiresInSeconds: 300 }));
    expect(url.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(url.searchParams.get('X-Goog-Expires')).toBe('300');
    expect(url.searchParams.get('X-Goog-Credential')).toMatch(/^oneiric-test@oneiric-test\.iam\.gserviceaccount\.com\//);
    expect(await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text()).toBe('signed');
  });

  it('is healthy for its bucket, unhealthy for another; fails with connectionFailed when nothing listens', async () => {
    expect(await storage.health()).toBe(true);
    const other = new GcsStorage(settings({ bucket: 'no-such-bucket' }));
    await other.init();
    expect(await other.health()).toBe(false);
    const closed = new GcsStorage(settings({ apiEndpoint: 'http://127.0.0.1:1' }));
    await closed.init();
    await expect(closed.get('x')).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
  });
});
