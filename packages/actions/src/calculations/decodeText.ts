/** Turns payload text into bytes in a declared encoding, refusing malformed base64 instead of guessing. */
import { actionError, ActionErrorKind } from '../errors/actionError.js';

/**
 * Text encodings a payload may declare.
 * @category Calculations
 */
export type TextEncoding = 'utf8' | 'base64' | 'base64url' | 'hex';

/** The encodings, for `@IsIn`. */
export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf8', 'base64', 'base64url', 'hex'];

// Single character classes only: a repeated group (`(?:….{4})*`) overflows V8's regexp stack on
// inputs of a few megabytes. Lengths are checked apart.
const PATTERNS: Readonly<Record<Exclude<TextEncoding, 'utf8'>, { readonly characters: RegExp; readonly lengthMultiple: number }>> = {
  base64: { characters: /^[A-Za-z0-9+/]*={0,2}$/, lengthMultiple: 4 },
  base64url: { characters: /^[A-Za-z0-9_-]*$/, lengthMultiple: 1 },
  hex: { characters: /^[0-9a-fA-F]*$/, lengthMultiple: 2 },
};

/**
 * The bytes of `text` read as `encoding`. Node's decoder silently skips bad characters; a
 * payload with them is refused so a corrupt input is never hashed or decompressed as if valid.
 * @throws ActionError `invalidPayload` naming the action and field
 */
export function decodeText(text: string, encoding: TextEncoding, key: string, field: string): Buffer {
  if (encoding === 'utf8') {
    return Buffer.from(text, 'utf8');
  }
  const compact = encoding === 'base64' ? text.replace(/\s+/g, '') : text;
  const pattern = PATTERNS[encoding];
  if (compact.length % pattern.lengthMultiple !== 0 || !pattern.characters.test(compact)) {
    throw actionError(ActionErrorKind.invalidPayload, key, `${field} is not valid ${encoding}`, field);
  }
  return Buffer.from(compact, encoding);
}

/** `bytes` as text in `encoding`. */
export function encodeBytes(bytes: Uint8Array, encoding: TextEncoding): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
}
