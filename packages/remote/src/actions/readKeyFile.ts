/** Reads a key file written by `generateKeyFiles` (or a base64 key given inline). */
import { readFile } from 'node:fs/promises';
import { decodeBase64Strict } from '../calculations/decodeBase64Strict.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';

/**
 * The raw 32 bytes of the key in `pathOrBase64`: a file holding base64, or (with
 * `allowInline`, for public keys only) the base64 text itself. The message never contains
 * the file's content.
 * @throws RemoteError `invalidKey`
 * @category Keys and artifacts
 */
export async function readKeyFile(pathOrBase64: string, options: { readonly allowInline?: boolean } = {}): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(pathOrBase64, 'utf8');
  } catch (error) {
    const inline = options.allowInline === true ? decodeBase64Strict(pathOrBase64.trim()) : undefined;
    if (inline !== undefined && inline.length === 32) {
      return inline;
    }
    throw new RemoteError(RemoteErrorKind.invalidKey, `cannot read key file ${pathOrBase64}`, { file: pathOrBase64 }, error);
  }
  const key = decodeBase64Strict(text.trim());
  if (key === undefined || key.length !== 32) {
    throw new RemoteError(RemoteErrorKind.invalidKey, `${pathOrBase64} does not hold base64 of a raw 32-byte ED25519 key`, { file: pathOrBase64 });
  }
  return key;
}
