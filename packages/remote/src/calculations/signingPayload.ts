/** The exact bytes a manifest signature covers. */
import { canonicalJson } from './canonicalJson.js';

/**
 * Top-level fields left out of the signed form: the signatures themselves (and the legacy single-signature fields).
 * @category Calculations
 */
export const SIGNATURE_FIELDS: readonly string[] = ['signatures', 'signature', 'signature_algorithm'];

/**
 * UTF-8 bytes of the RFC 8785 canonical form of `plain` without its signature fields. Every
 * other field, `signedAt` and `expiresAt` included, is covered.
 * @category Calculations
 */
export function signingPayload(plain: Readonly<Record<string, unknown>>): Uint8Array {
  const unsigned = Object.fromEntries(Object.entries(plain).filter(([name]) => !SIGNATURE_FIELDS.includes(name)));
  return new TextEncoder().encode(canonicalJson(unsigned));
}
