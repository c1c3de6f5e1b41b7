/** Finds a zstd codec: Node's zlib when it has one (22.15+), else the optional peer `@bokuweb/zstd-wasm`. */
import * as zlib from 'node:zlib';
import { actionError, ActionErrorKind } from '../errors/actionError.js';

/** A zstd codec, whichever implementation backs it. */
export interface ZstdCodec {
  /** Which implementation: `node:zlib` or the peer package's name. */
  readonly implementation: string;
  /** Compresses at `level` (1-22). */
  compress(input: Uint8Array, level: number): Promise<Uint8Array>;
  /** Decompresses, refusing output over `maxOutputBytes`. */
  decompress(input: Uint8Array, maxOutputBytes: number): Promise<Uint8Array>;
}

/**
 * The optional peer package used when Node's zlib lacks zstd.
 * @category Calculations
 */
export const ZSTD_PEER_PACKAGE = '@bokuweb/zstd-wasm';

interface ZstdWasm {
  init(): Promise<void>;
  compress(input: Uint8Array, level?: number): Uint8Array;
  decompress(input: Uint8Array): Uint8Array;
}

type ZlibWithZstd = typeof zlib & {
  zstdCompress?: (input: Uint8Array, options: object, callback: (error: Error | null, result: Buffer) => void) => void;
  zstdDecompress?: (input: Uint8Array, options: object, callback: (error: Error | null, result: Buffer) => void) => void;
  constants: typeof zlib.constants & { ZSTD_c_compressionLevel?: number };
};

let peer: Promise<ZstdCodec> | undefined;

/**
 * The zstd codec to use, loaded on first request only (asking for another algorithm never loads it).
 * @throws ActionError `dependencyMissing` naming `@bokuweb/zstd-wasm` when neither is available
 */
export async function loadZstd(key: string): Promise<ZstdCodec> {
  const native = zlib as ZlibWithZstd;
  if (typeof native.zstdCompress === 'function' && typeof native.zstdDecompress === 'function') {
    return nativeCodec(native);
  }
  peer ??= loadPeer();
  try {
    return await peer;
  } catch (error) {
    peer = undefined;
    throw actionError(ActionErrorKind.dependencyMissing, key, `zstd needs Node 22.15+ or the optional package ${ZSTD_PEER_PACKAGE} (npm install ${ZSTD_PEER_PACKAGE})`, 'algorithm', error);
  }
}

function nativeCodec(native: ZlibWithZstd): ZstdCodec {
  const levelParam = native.constants.ZSTD_c_compressionLevel ?? 100;
  return {
    implementation: 'node:zlib',
    compress: (input, level) => new Promise((resolve, reject) => {
      native.zstdCompress!(input, { params: { [levelParam]: level } }, (error, result) => (error === null ? resolve(result) : reject(error)));
    }),
    decompress: (input, maxOutputBytes) => new Promise((resolve, reject) => {
      native.zstdDecompress!(input, { maxOutputLength: maxOutputBytes }, (error, result) => (error === null ? resolve(result) : reject(error)));
    }),
  };
}

async function loadPeer(): Promise<ZstdCodec> {
  const module = (await import(ZSTD_PEER_PACKAGE)) as ZstdWasm & { default?: ZstdWasm };
  const wasm = typeof module.init === 'function' ? module : module.default!;
  await wasm.init();
  return {
    implementation: ZSTD_PEER_PACKAGE,
    compress: (input, level) => Promise.resolve(wasm.compress(input, level)),
    // The wasm build has no output cap: the frame's declared size is checked first, the result after.
    decompress: (input, maxOutputBytes) => {
      const declared = zstdContentSize(input);
      if (declared !== undefined && declared > maxOutputBytes) {
        return Promise.reject(new RangeError(`declared content size ${declared} exceeds ${maxOutputBytes}`));
      }
      const output = wasm.decompress(input);
      return output.byteLength > maxOutputBytes ? Promise.reject(new RangeError(`output exceeds ${maxOutputBytes}`)) : Promise.resolve(output);
    },
  };
}

// Frame_Content_Size from the zstd frame header (RFC 8878 section 3.1.1.1), when the frame declares it.
function zstdContentSize(input: Uint8Array): number | undefined {
  if (input.byteLength < 6 || input[0] !== 0x28 || input[1] !== 0xb5 || input[2] !== 0x2f || input[3] !== 0xfd) {
    return undefined;
  }
  const descriptor = input[4]!;
  const sizeFlag = descriptor >> 6;
  const isSingleSegment = (descriptor & 0x20) !== 0;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 0x03]!;
  const sizeBytes = [isSingleSegment ? 1 : 0, 2, 4, 8][sizeFlag]!;
  const offset = 5 + (isSingleSegment ? 0 : 1) + dictionaryBytes;
  if (sizeBytes === 0 || input.byteLength < offset + sizeBytes) {
    return undefined;
  }
  let size = 0;
  for (let index = sizeBytes - 1; index >= 0; index -= 1) {
    size = size * 256 + input[offset + index]!;
  }
  return sizeBytes === 2 ? size + 256 : size;
}
