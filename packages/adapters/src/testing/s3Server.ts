// Test helper: an S3-compatible server (s3rver, from npm) in a child process on a free port,
// with its objects in a directory of its own, so that it can be stopped and started again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageFile, startEmulator, type EmulatorProcess } from './emulatorProcess.js';

/** A running s3rver and the directory that keeps its objects across restarts. */
export interface S3Server extends EmulatorProcess {
  readonly directory: string;
}

/**
 * Starts s3rver with `bucket` created, on `port` (a free one when 0) and `directory` (a new
 * temporary one when none). s3rver accepts any credentials.
 */
export async function startS3Server(bucket: string, port = 0, directory?: string): Promise<S3Server> {
  const where = directory ?? await mkdtemp(join(tmpdir(), 'oneiric-s3rver-'));
  const emulator = await startEmulator(
    packageFile('s3rver', 'bin/s3rver.js'),
    ['--directory', where, '--port', String(port), '--address', '127.0.0.1', '--configure-bucket', bucket, '--silent'],
    /S3rver listening on 127\.0\.0\.1:(\d+)/,
    // s3rver encrypts its continuation tokens with a cipher OpenSSL 3 keeps in its legacy provider.
    ['--openssl-legacy-provider'],
  );
  return { ...emulator, directory: where };
}

/** Stops the server and removes its directory. */
export async function removeS3Server(server: S3Server): Promise<void> {
  await server.stop();
  await rm(server.directory, { recursive: true, force: true });
}
