/** Derives a short, stable id from a public key so signatures and key files can name their key. */
import { createHash } from 'node:crypto';

/**
 * First 16 hex digits of the SHA-256 of the raw 32-byte public key.
 * @category Calculations
 */
export function keyIdOf(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}
