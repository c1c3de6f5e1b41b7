/** Decodes base64 without Node's leniency, which silently skips invalid characters. */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The decoded bytes, or undefined when `text` is not canonical padded base64.
 * @category Calculations
 */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (text === '' || !BASE64.test(text)) {
    return undefined;
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}
