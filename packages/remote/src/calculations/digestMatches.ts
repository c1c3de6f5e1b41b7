/** Compares bytes with an expected SHA-256, the check every artifact passes before it is used. */
import { isSha256Hex } from './isSha256Hex.js';
import { sha256Hex } from './sha256Hex.js';

/**
 * True when `bytes` hash to `expectedHex` (compared case-insensitively); false for a malformed digest.
 * @category Calculations
 */
export function digestMatches(bytes: Uint8Array, expectedHex: string): boolean {
  return isSha256Hex(expectedHex) && sha256Hex(bytes) === expectedHex.toLowerCase();
}
