/** Reads trusted public keys from their text form (settings or ONEIRIC_TRUSTED_PUBLIC_KEYS). */
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { TrustedKey } from '../models/trustedKey.js';
import { decodeBase64Strict } from './decodeBase64Strict.js';
import { keyIdOf } from './keyIdOf.js';

/**
 * Parses `base64` or `keyId=base64` items (raw 32-byte ED25519 keys). The key id is always
 * derived from the key; a written id that disagrees is an error, so a label cannot lie.
 * Duplicates collapse to one key (the threshold counts distinct keys).
 * @throws RemoteError `invalidKey` naming the bad item's position
 * @category Calculations
 */
export function parseTrustedKeys(items: readonly string[]): TrustedKey[] {
  const byId = new Map<string, TrustedKey>();
  items.map((item) => item.trim()).filter((item) => item !== '').forEach((item, index) => {
    const separator = item.indexOf('=', 1);
    // Base64 padding also uses '=': only a separator followed by more text marks an id.
    const hasId = separator > 0 && separator < item.length - 1 && !item.slice(0, separator).includes('+') && /^[0-9a-f]{16}$/.test(item.slice(0, separator));
    const encoded = hasId ? item.slice(separator + 1) : item;
    const publicKey = decodeBase64Strict(encoded);
    if (publicKey === undefined || publicKey.length !== 32) {
      throw new RemoteError(RemoteErrorKind.invalidKey, `trusted public key #${index + 1} is not base64 of a raw 32-byte ED25519 key`);
    }
    const keyId = keyIdOf(publicKey);
    if (hasId && item.slice(0, separator) !== keyId) {
      throw new RemoteError(RemoteErrorKind.invalidKey, `trusted public key #${index + 1} is labelled ${item.slice(0, separator)} but its id is ${keyId}`);
    }
    byId.set(keyId, { keyId, publicKey });
  });
  return [...byId.values()];
}
