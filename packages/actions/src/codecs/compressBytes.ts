/** Compresses and decompresses bytes with the chosen algorithm; decompression stops at a size limit. */
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { CompressionAlgorithm } from './compressionAlgorithm.js';
import { loadZstd } from './loadZstd.js';

const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);
const brotli = promisify(zlib.brotliCompress);
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const unbrotli = promisify(zlib.brotliDecompress);

/** Compresses `input` with `algorithm` at `level` (already range-checked). */
export async function compressBytes(algorithm: CompressionAlgorithm, input: Uint8Array, level: number, key: string): Promise<Uint8Array> {
  switch (algorithm) {
    case 'gzip':
      return gzip(input, { level });
    case 'deflate':
      return deflate(input, { level });
    case 'brotli':
      return brotli(input, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: level, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength } });
    case 'zstd':
      return (await loadZstd(key)).compress(input, level);
  }
}

/**
 * Decompresses `input`; output beyond `maxOutputBytes` is never produced (zlib's
 * `maxOutputLength` stops the stream), so a zip bomb is refused rather than expanded.
 * @throws ActionError `limitExceeded` over the limit, `decodeFailed` for a corrupt stream
 */
export async function decompressBytes(algorithm: CompressionAlgorithm, input: Uint8Array, maxOutputBytes: number, key: string): Promise<Uint8Array> {
  try {
    switch (algorithm) {
      case 'gzip':
        return await gunzip(input, { maxOutputLength: maxOutputBytes });
      case 'deflate':
        return await inflate(input, { maxOutputLength: maxOutputBytes });
      case 'brotli':
        return await unbrotli(input, { maxOutputLength: maxOutputBytes });
      case 'zstd':
        return await (await loadZstd(key)).decompress(input, maxOutputBytes);
    }
  } catch (error) {
    if (error instanceof Error && 'kind' in error) {
      throw error;
    }
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw actionError(ActionErrorKind.limitExceeded, key, `decompressed data exceeds ${maxOutputBytes} bytes (refused, not expanded)`, 'data', error);
    }
    throw actionError(ActionErrorKind.decodeFailed, key, `data is not a valid ${algorithm} stream`, 'data', error);
  }
}
