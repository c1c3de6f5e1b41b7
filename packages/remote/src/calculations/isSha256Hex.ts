/** Recognises a well-formed SHA-256 digest in hex, as manifest entries must give one. */

/**
 * True when `text` is 64 hex digits (any case).
 * @category Calculations
 */
export function isSha256Hex(text: string): boolean {
  return /^[0-9a-f]{64}$/i.test(text);
}
