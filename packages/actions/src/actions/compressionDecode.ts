/** `compression.decode`: decompresses base64 bytes, refusing output beyond a size limit. */
import { IsIn, IsInt, IsString, Min } from 'class-validator';
import { Optional } from '../models/optional.js';
import { COMPRESSION_ALGORITHMS, type CompressionAlgorithm } from '../codecs/compressionAlgorithm.js';
import { decompressBytes } from '../codecs/compressBytes.js';
import { decodeText, encodeBytes, TEXT_ENCODINGS, type TextEncoding } from '../calculations/decodeText.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionContext } from '../models/actionContext.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'compression.decode';

/**
 * Settings of `compression.decode`.
 * @category Action kits
 */
export class CompressionDecodeSettings {
  /** Largest decompressed output accepted, in bytes (default 64 MiB). */
  @IsInt() @Min(1) public maxOutputBytes = 64 * 1024 * 1024;
}

/**
 * Payload of `compression.decode`.
 * @category Action kits
 */
export class CompressionDecodePayload {
  /** Compressed bytes, base64. */
  @IsString() public data = '';
  /** gzip, deflate, brotli or zstd. */
  @IsIn(COMPRESSION_ALGORITHMS) public algorithm: CompressionAlgorithm = 'gzip';
  /** How to return the output: utf8 (default) or base64/base64url/hex. */
  @Optional() @IsIn(TEXT_ENCODINGS) public outputEncoding?: TextEncoding;
  /** A lower limit than the settings' for this call, in bytes. */
  @Optional() @IsInt() @Min(1) public maxOutputBytes?: number;
}

/**
 * Result of `compression.decode`.
 * @category Action kits
 */
export interface CompressionDecodeResult {
  readonly algorithm: CompressionAlgorithm;
  /** Decompressed data in `encoding`. */
  readonly data: string;
  readonly encoding: TextEncoding;
  readonly outputBytes: number;
}

/**
 * Decompresses the payload's data.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke compression.decode --payload '{"data":"H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==","algorithm":"gzip"}'
 * ```
 * @category Action kits
 */
export class CompressionDecode implements BuiltinAction<CompressionDecodePayload, CompressionDecodeResult> {
  /** The payload class. */
  public readonly payloadType = CompressionDecodePayload;

  /** @param settings - the output limit */
  public constructor(private readonly settings: CompressionDecodeSettings = new CompressionDecodeSettings()) {}

  /** @throws ActionError `limitExceeded` past the limit, `decodeFailed` for a corrupt stream, `invalidPayload` for bad base64 */
  public async execute(payload: CompressionDecodePayload): Promise<CompressionDecodeResult> {
    const limit = Math.min(payload.maxOutputBytes ?? Number.MAX_SAFE_INTEGER, this.settings.maxOutputBytes);
    const input = decodeText(payload.data, 'base64', KEY, 'data');
    const output = await decompressBytes(payload.algorithm, input, limit, KEY);
    const encoding = payload.outputEncoding ?? 'utf8';
    if (encoding === 'utf8' && !isUtf8(output)) {
      throw actionError(ActionErrorKind.decodeFailed, KEY, 'output is not UTF-8 text; ask for outputEncoding base64', 'outputEncoding');
    }
    return { algorithm: payload.algorithm, data: encodeBytes(output, encoding), encoding, outputBytes: output.byteLength };
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Registration entry of `compression.decode`. */
export const compressionDecodeKit: ActionKitDefinition = {
  key: KEY,
  description: 'decompress base64 gzip, deflate, brotli or zstd data with a size limit',
  settingsClass: CompressionDecodeSettings,
  build: (_context: ActionContext, settings) => new CompressionDecode(settings as CompressionDecodeSettings),
};
