// Tests of generateKeyFiles and readKeyFile: modes, names a person can tell apart, no overwriting.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { keyIdOf } from '../calculations/keyIdOf.js';
import { RemoteErrorKind } from '../errors/remoteError.js';
import { generateKeyFiles } from './generateKeyFiles.js';
import { readKeyFile } from './readKeyFile.js';

describe('generateKeyFiles', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'oneiric-keys-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes a 0600 private key and a public key that belong together, named by key id', async () => {
    const files = await generateKeyFiles(join(directory, 'new'));

    expect(basename(files.privateKeyPath)).toBe(`oneiric-${files.keyId}.private.key`);
    expect(basename(files.publicKeyPath)).toBe(`oneiric-${files.keyId}.public.key`);
    expect(statSync(files.privateKeyPath).mode & 0o777).toBe(0o600);
    const secretKey = await readKeyFile(files.privateKeyPath);
    const publicKey = await readKeyFile(files.publicKeyPath);
    expect(ed25519.getPublicKey(secretKey)).toEqual(publicKey);
    expect(keyIdOf(publicKey)).toBe(files.keyId);
  });

  it('rejects a key file that does not hold a 32-byte key (invalidKey), without quoting its content', async () => {
    const file = join(directory, 'bad.key');
    writeFileSync(file, 'c2VjcmV0LXRleHQ=\n');

    await expect(readKeyFile(file)).rejects.toMatchObject({ kind: RemoteErrorKind.invalidKey, message: expect.not.stringContaining('c2VjcmV0') as unknown });
  });
});
