/** Creates an ED25519 key pair on disk: the private key readable by its owner only, the public key beside it. */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { keyIdOf } from '../calculations/keyIdOf.js';

/**
 * What {@link generateKeyFiles} wrote.
 * @category Keys and artifacts
 */
export interface GeneratedKeyFiles {
  /** Id of the new key, as signatures will name it. */
  readonly keyId: string;
  /** `oneiric-<keyId>.private.key`, mode 0600: base64 of the raw 32-byte secret key. */
  readonly privateKeyPath: string;
  /** `oneiric-<keyId>.public.key`: base64 of the raw 32-byte public key (what `trusted_public_keys` lists). */
  readonly publicKeyPath: string;
  /** The public key in base64. */
  readonly publicKeyBase64: string;
}

/**
 * Generates a key pair and writes both files into `directory` (created with mode 0700 if
 * missing). Existing files are never overwritten.
 * @category Keys and artifacts
 */
export async function generateKeyFiles(directory: string): Promise<GeneratedKeyFiles> {
  const { secretKey, publicKey } = ed25519.keygen();
  const keyId = keyIdOf(publicKey);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(directory, `oneiric-${keyId}.private.key`);
  const publicKeyPath = join(directory, `oneiric-${keyId}.public.key`);
  const publicKeyBase64 = Buffer.from(publicKey).toString('base64');
  // 'wx': refuse to replace a key someone may still rely on. The mode is set at creation, so the
  // secret is never readable by others, even for a moment; chmod again in case of a umask.
  await writeFile(privateKeyPath, `${Buffer.from(secretKey).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(privateKeyPath, 0o600);
  await writeFile(publicKeyPath, `${publicKeyBase64}\n`, { mode: 0o644, flag: 'wx' });
  return { keyId, privateKeyPath, publicKeyPath, publicKeyBase64 };
}
