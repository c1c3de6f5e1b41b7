/** The compression algorithms the compression kits offer. */

/**
 * An algorithm name as a payload gives it.
 * @category Calculations
 */
export type CompressionAlgorithm = 'gzip' | 'deflate' | 'brotli' | 'zstd';

/**
 * Every algorithm, for `@IsIn`.
 * @category Calculations
 */
export const COMPRESSION_ALGORITHMS: readonly CompressionAlgorithm[] = ['gzip', 'deflate', 'brotli', 'zstd'];

/** The level range of each algorithm (gzip/deflate 0-9, brotli quality 0-11, zstd 1-22). */
export const LEVEL_RANGES: Readonly<Record<CompressionAlgorithm, { readonly min: number; readonly max: number }>> = {
  gzip: { min: 0, max: 9 },
  deflate: { min: 0, max: 9 },
  brotli: { min: 0, max: 11 },
  zstd: { min: 1, max: 22 },
};
