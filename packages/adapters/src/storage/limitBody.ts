/** Turns a storage body into what a cloud client uploads, refusing more bytes than the provider allows. */
import { Readable, Transform } from 'node:stream';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { StorageBody } from './storage.js';

function tooLarge(provider: string, maxBytes: number): AdapterError {
  return new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${provider}): the body is larger than maxObjectBytes (${maxBytes})`, {
    domain: 'adapter', key: 'storage', provider,
  });
}

/**
 * A Buffer for text and bytes (checked against `maxBytes` at once), or a stream that fails with
 * `invalidArgument` as soon as more than `maxBytes` bytes went through it; the caller's stream
 * is consumed, its own errors pass through as they are.
 * @throws AdapterError `invalidArgument` for text or bytes over the limit
 */
export function limitBody(body: StorageBody, maxBytes: number, provider: string): Buffer | Readable {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (bytes.length > maxBytes) {
      throw tooLarge(provider, maxBytes);
    }
    return bytes;
  }
  const source = body instanceof Readable ? body : Readable.from(body);
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer | string, _encoding, done): void {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      seen += bytes.length;
      done(seen > maxBytes ? tooLarge(provider, maxBytes) : null, bytes);
    },
  });
  // Errors of the caller's stream go to the counter, which the client reads: one place fails.
  source.once('error', (error) => counter.destroy(error));
  counter.once('error', () => source.destroy());
  return source.pipe(counter);
}
