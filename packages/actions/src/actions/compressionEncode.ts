/** `compression.encode`: compresses text or base64 bytes with gzip, deflate, brotli or zstd. */
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { MaxChars } from '../models/maxChars.js';
import { Optional } from '../models/optional.js';
import { COMPRESSION_ALGORITHMS, LEVEL_RANGES, type CompressionAlgorithm } from '../codecs/compressionAlgorithm.js';
import { compressBytes } from '../codecs/compressBytes.js';
import { decodeText, encodeBytes, TEXT_ENCODINGS, type TextEncoding } from '../calculations/decodeText.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'compression.encode';
const DEFAULT_LEVELS: Readonly<Record<CompressionAlgorithm, number>> = { gzip: 6, deflate: 6, brotli: 4, zstd: 3 };

/**
 * Payload of `compression.encode`.
 * @category Action kits
 */
export class CompressionEncodePayload {
  /** The data, as text in `inputEncoding`. */
  @IsString() @MaxChars(64 * 1024 * 1024) public data = '';
  /** gzip, deflate, brotli or zstd. */
  @IsIn(COMPRESSION_ALGORITHMS) public algorithm: CompressionAlgorithm = 'gzip';
  /** Level: gzip/deflate 0-9 (default 6), brotli 0-11 (4), zstd 1-22 (3). */
  @Optional() @IsInt() @Min(0) @Max(22) public level?: number;
  /** How `data` is written: utf8 (default), base64, base64url or hex. */
  @Optional() @IsIn(TEXT_ENCODINGS) public inputEncoding?: TextEncoding;
}

/**
 * Result of `compression.encode`: the compressed bytes in base64.
 * @category Action kits
 */
export interface CompressionEncodeResult {
  readonly algorithm: CompressionAlgorithm;
  readonly level: number;
  /** Compressed bytes, base64. */
  readonly data: string;
  readonly inputBytes: number;
  readonly outputBytes: number;
  /** outputBytes / inputBytes (0 for empty input). */
  readonly ratio: number;
}

/**
 * Compresses the payload's data.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke compression.encode --payload '{"data":"hello hello","algorithm":"gzip","level":9}' --json
 * ```
 * @category Action kits
 */
export class CompressionEncode implements BuiltinAction<CompressionEncodePayload, CompressionEncodeResult> {
  /** The payload class. */
  public readonly payloadType = CompressionEncodePayload;

  /** @throws ActionError `invalidPayload` for a level outside the algorithm's range or bad base64; `dependencyMissing` for zstd without a codec */
  public async execute(payload: CompressionEncodePayload): Promise<CompressionEncodeResult> {
    const level = payload.level ?? DEFAULT_LEVELS[payload.algorithm];
    const range = LEVEL_RANGES[payload.algorithm];
    if (level < range.min || level > range.max) {
      throw actionError(ActionErrorKind.invalidPayload, KEY, `level ${level} is outside ${range.min}-${range.max} for ${payload.algorithm}`, 'level');
    }
    const input = decodeText(payload.data, payload.inputEncoding ?? 'utf8', KEY, 'data');
    const output = await compressBytes(payload.algorithm, input, level, KEY);
    return {
      algorithm: payload.algorithm,
      level,
      data: encodeBytes(output, 'base64'),
      inputBytes: input.byteLength,
      outputBytes: output.byteLength,
      ratio: input.byteLength === 0 ? 0 : output.byteLength / input.byteLength,
    };
  }
}

/** Registration entry of `compression.encode`. */
export const compressionEncodeKit: ActionKitDefinition = {
  key: KEY,
  description: 'compress text or bytes with gzip, deflate, brotli or zstd; base64 out',
  build: () => new CompressionEncode(),
};
