import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import { AdapterErrorKind } from '../errors/adapterError.js';
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite } from '../testing/azuriteServer.js';
import { describeWithEmulator, type EmulatorProcess } from '../testing/emulatorProcess.js';
import { storageContract } from '../testing/storageContract.js';
import { AzureBlobStorage } from './azureBlobStorage.js';
import { AzureBlobStorageSettings } from './azureBlobStorageSettings.js';

const CONTAINER = 'oneiric-test';
const MIB = 1_048_576;

describeWithEmulator('azurite', 'AzureBlobStorage against azurite', () => {
  let azurite: EmulatorProcess;
  let raw: ContainerClient;
  let storage: AzureBlobStorage;
  const settings = (overrides: Partial<AzureBlobStorageSettings> = {}): AzureBlobStorageSettings => Object.assign(new AzureBlobStorageSettings(), {
    container: CONTAINER, accountUrl: `${azurite.url}/${AZURITE_ACCOUNT}`, accountName: AZURITE_ACCOUNT, accountKey: AZURITE_KEY,
    requestTimeoutMs: 10_000, maxAttempts: 1, blockSizeBytes: MIB,
  }, overrides);
  beforeAll(async () => {
    azurite = await startAzurite();
    raw = new BlobServiceClient(`${azurite.url}/${AZURITE_ACCOUNT}`, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)).getContainerClient(CONTAINER);
    await raw.create();
  });
  afterAll(async () => {
    await azurite.stop();
  });
  beforeEach(async () => {
    storage = new AzureBlobStorage(settings());
    await storage.init();
  });
  afterEach(async () => {
    for await (const blob of raw.listBlobsFlat()) await raw.deleteBlob(blob.name);
    await storage.cleanup();
  });

  describe('the storage contract', () => {
    storageContract(() => storage);
  });

  it('stages a streamed body in blocks and commits it whole', async () => {
    const body = randomBytes(3 * MIB + 5);
    await storage.put('big/blob', Readable.from([body.subarray(0, MIB / 2), body.subarray(MIB / 2)]));
    expect((await storage.get('big/blob'))?.equals(body)).toBe(true);
    const blocks = await raw.getBlockBlobClient('big/blob').getBlockList('committed');
    expect(blocks.committedBlocks?.length).toBe(4);
  }, 60_000);

  it('signs read and write SAS URLs that a plain HTTP client can use', async () => {
    const putUrl = await storage.signedUrl('signed/doc.txt', { expiresInSeconds: 300, method: 'PUT' });
    const written = await fetch(putUrl, { method: 'PUT', body: 'via sas', headers: { 'x-ms-blob-type': 'BlockBlob' }, signal: AbortSignal.timeout(5_000) });
    expect(written.status).toBe(201);
    const getUrl = await storage.signedUrl('signed/doc.txt', { expiresInSeconds: 300 });
    expect(await (await fetch(getUrl, { signal: AbortSignal.timeout(5_000) })).text()).toBe('via sas');
    // A read URL does not allow writing.
    const refused = await fetch(getUrl, { method: 'PUT', body: 'x', headers: { 'x-ms-blob-type': 'BlockBlob' }, signal: AbortSignal.timeout(5_000) });
    expect(refused.status).toBe(403);
  });

  it('cannot sign without the account key', async () => {
    const { accountName: _name, accountKey: _key, ...withoutKey } = settings();
    const anonymous = new AzureBlobStorage(Object.assign(new AzureBlobStorageSettings(), withoutKey));
    await anonymous.init();
    await expect(anonymous.signedUrl('x', { expiresInSeconds: 60 })).rejects.toMatchObject({ kind: AdapterErrorKind.unsupported });
    await anonymous.cleanup();
  });

  it('works from a connection string too', async () => {
    const fromString = new AzureBlobStorage(Object.assign(new AzureBlobStorageSettings(), {
      container: CONTAINER,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${azurite.url}/${AZURITE_ACCOUNT};`,
    }));
    await fromString.init();
    await fromString.put('cs/x', 'from string');
    expect((await storage.get('cs/x'))?.toString('utf8')).toBe('from string');
    await fromString.cleanup();
  });

  it('is healthy for its container, unhealthy for a missing one, and fails with connectionFailed when nothing listens', async () => {
    expect(await storage.health()).toBe(true);
    const missing = new AzureBlobStorage(settings({ container: 'no-such-container' }));
    await missing.init();
    expect(await missing.health()).toBe(false);
    const closed = new AzureBlobStorage(settings({ accountUrl: `http://127.0.0.1:1/${AZURITE_ACCOUNT}` }));
    await closed.init();
    await expect(closed.get('x')).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
  });
});
