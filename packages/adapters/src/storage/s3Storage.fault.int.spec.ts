// Fault test: the S3 server (s3rver, in its own process) is stopped by its pid in the middle of a
// multipart upload. Runs in the serial `npm run test:fault` pass.
import { Readable } from 'node:stream';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeWithEmulator } from '../testing/emulatorProcess.js';
import { removeS3Server, startS3Server, type S3Server } from '../testing/s3Server.js';
import { S3Storage } from './s3Storage.js';
import { S3StorageSettings } from './s3StorageSettings.js';

const BUCKET = 'oneiric-fault';
const MIB = 1_048_576;

describeWithEmulator('s3rver', 'S3Storage when the S3 server stops during a multipart upload', () => {
  let server: S3Server;
  afterAll(async () => {
    await removeS3Server(server);
  });

  it('fails the put with a typed error, and no part of the object is visible once the server is back', async () => {
    server = await startS3Server(BUCKET);
    const settings = Object.assign(new S3StorageSettings(), {
      bucket: BUCKET, endpoint: server.url, forcePathStyle: true, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', checksums: 'when-required',
      partSizeBytes: 5 * MIB, uploadConcurrency: 1, maxAttempts: 2, connectTimeoutMs: 1_000, requestTimeoutMs: 5_000,
    });
    const storage = new S3Storage(settings);
    await storage.init();
    // 30 MiB in 1 MiB chunks; once 12 MiB were read (two parts sent, the third being filled) the server is stopped.
    let produced = 0;
    let stopped = false;
    const body = Readable.from((async function* chunks(): AsyncGenerator<Buffer> {
      for (let index = 0; index < 30; index += 1) {
        if (produced === 12 * MIB && !stopped) {
          stopped = true;
          await server.stop();
        }
        produced += MIB;
        yield Buffer.alloc(MIB, index);
      }
    })());
    const error = await storage.put('fault/big.bin', body).then(() => undefined, (caught: unknown) => caught);
    expect(stopped).toBe(true);
    expect(error).toBeInstanceOf(AdapterError);
    expect([AdapterErrorKind.connectionFailed, AdapterErrorKind.timeout]).toContain((error as AdapterError).kind);

    // The same server, directory and port again: what it kept is what a reader would see.
    server = await startS3Server(BUCKET, server.port, server.directory);
    expect(await storage.exists('fault/big.bin')).toBe(false);
    expect(await storage.list('fault/')).toEqual([]);
    // And the adapter works on once the server is back.
    await storage.put('fault/after.txt', 'back');
    expect((await storage.get('fault/after.txt'))?.toString('utf8')).toBe('back');
    await storage.cleanup();
  }, 90_000);
});
