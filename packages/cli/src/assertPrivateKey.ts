// Refuses to sign with a public key: both key files hold 32 raw bytes, so the file itself must tell them apart.
import { basename } from 'node:path';
import { keyIdOf, parseTrustedKeys, RemoteError, RemoteErrorKind } from '@oneiric/remote';

/**
 * Throws when the key read from `file` is a public key rather than a private one. ED25519
 * private (seed) and public keys are both 32 bytes, so signing with a public key "works" and
 * yields signatures nobody trusts. A key is taken for public when:
 * - its file is named `*.public.key` (what `manifest keygen` writes), or
 * - its own key id appears in the file name (`oneiric-<keyId>.public.key`, renamed or not: a
 *   private key's file carries the id of its public half, never its own), or
 * - it is one of the `trustedKeys` (`remote.trusted_public_keys` and `ONEIRIC_TRUSTED_PUBLIC_KEYS`).
 * @throws RemoteError `invalidKey` naming the file and the private key file to use instead
 */
export function assertPrivateKey(file: string, key: Uint8Array, trustedKeys: readonly string[]): void {
  const name = basename(file);
  const keyId = keyIdOf(key);
  const trusted = parseTrustedKeys(trustedKeys.filter((item) => item.trim() !== ''));
  const isPublic = name.endsWith('.public.key')
    || name.includes(keyId)
    || trusted.some((entry) => Buffer.from(entry.publicKey).equals(Buffer.from(key)));
  if (isPublic) {
    throw new RemoteError(
      RemoteErrorKind.invalidKey,
      `${file} holds a public key (key id ${keyId}), not a private key: sign with the private key file \`manifest keygen\` wrote beside it (oneiric-${keyId}.private.key)`,
      { file },
    );
  }
}
