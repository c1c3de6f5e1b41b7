// Conformance of compression.encode/decode with Node's own zlib in both directions, levels, limits and corrupt input.
import * as zlib from 'node:zlib';
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { CompressionDecode, CompressionDecodeSettings } from './compressionDecode.js';
import { CompressionEncode } from './compressionEncode.js';

const encode = new CompressionEncode();
const decode = new CompressionDecode();
const TEXT = 'Oneiric action kits — ünïcödé and repetition. '.repeat(200);

describe('CompressionEncode.execute and CompressionDecode.execute', () => {
  describe('having streams from and for Node zlib', () => {
    it.each([
      ['gzip', zlib.gunzipSync, zlib.gzipSync],
      ['deflate', zlib.inflateSync, zlib.deflateSync],
      ['brotli', zlib.brotliDecompressSync, zlib.brotliCompressSync],
    ] as const)('%s written by the action is read by zlib, and zlib output is read by the action', async (algorithm, inflate, deflate) => {
      const encoded = await invoke(encode, { data: TEXT, algorithm });
      expect(inflate(Buffer.from(encoded.data, 'base64')).toString('utf8')).toBe(TEXT);
      expect(encoded.outputBytes).toBeLessThan(encoded.inputBytes);
      const foreign = deflate(Buffer.from(TEXT)).toString('base64');
      await expect(invoke(decode, { data: foreign, algorithm })).resolves.toMatchObject({ data: TEXT, outputBytes: Buffer.byteLength(TEXT) });
    });
  });

  it('round-trips zstd through the available codec, and binary data through base64', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7) % 256));
    const encoded = await invoke(encode, { data: bytes.toString('base64'), inputEncoding: 'base64', algorithm: 'zstd', level: 19 });
    const decoded = await invoke(decode, { data: encoded.data, algorithm: 'zstd', outputEncoding: 'base64' });
    expect(Buffer.from(decoded.data, 'base64').equals(bytes)).toBe(true);
  });

  it('uses higher levels for smaller output and refuses a level outside the algorithm range', async () => {
    const fast = await invoke(encode, { data: TEXT, algorithm: 'gzip', level: 1 });
    const best = await invoke(encode, { data: TEXT, algorithm: 'gzip', level: 9 });
    expect(best.outputBytes).toBeLessThanOrEqual(fast.outputBytes);
    // brotli goes to 11 but gzip stops at 9: the payload class cannot know the algorithm, the action can.
    expect((await actionErrorOf(invoke(encode, { data: 'x', algorithm: 'gzip', level: 11 }))).kind).toBe(ActionErrorKind.invalidPayload);
  });

  it('refuses a zip bomb with limitExceeded instead of expanding it', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024)).toString('base64');
    const small = new CompressionDecode(Object.assign(new CompressionDecodeSettings(), { maxOutputBytes: 1024 * 1024 }));
    const error = await actionErrorOf(invoke(small, { data: bomb, algorithm: 'gzip' }));
    expect(error.kind).toBe(ActionErrorKind.limitExceeded);
    // The per-call limit can only lower the settings' limit.
    expect((await actionErrorOf(invoke(decode, { data: bomb, algorithm: 'gzip', maxOutputBytes: 1000 }))).kind).toBe(ActionErrorKind.limitExceeded);
  });

  it('refuses a zstd bomb too: its declared content size is checked before anything is expanded', async () => {
    const bomb = await invoke(encode, { data: Buffer.alloc(8 * 1024 * 1024).toString('base64'), inputEncoding: 'base64', algorithm: 'zstd', level: 1 });
    expect(bomb.outputBytes).toBeLessThan(64 * 1024);
    const small = new CompressionDecode(Object.assign(new CompressionDecodeSettings(), { maxOutputBytes: 1024 * 1024 }));
    expect((await actionErrorOf(invoke(small, { data: bomb.data, algorithm: 'zstd' }))).kind).toBe(ActionErrorKind.limitExceeded);
  });

  it('reports a corrupt stream as decodeFailed, bad base64 as invalidPayload, binary as utf8 as decodeFailed', async () => {
    expect((await actionErrorOf(invoke(decode, { data: Buffer.from('not gzip').toString('base64'), algorithm: 'gzip' }))).kind).toBe(ActionErrorKind.decodeFailed);
    expect((await actionErrorOf(invoke(decode, { data: '@@@', algorithm: 'gzip' }))).kind).toBe(ActionErrorKind.invalidPayload);
    const binary = zlib.gzipSync(Buffer.from([0xff, 0xfe, 0x00])).toString('base64');
    expect((await actionErrorOf(invoke(decode, { data: binary, algorithm: 'gzip' }))).kind).toBe(ActionErrorKind.decodeFailed);
  });
});
