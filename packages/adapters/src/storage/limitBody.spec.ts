import { Readable } from 'node:stream';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { limitBody } from './limitBody.js';

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('limitBody', () => {
  it('passes text and bytes within the limit as one Buffer, without copying bytes', () => {
    expect(limitBody('héllo', 6, 's3')).toEqual(Buffer.from('héllo'));
    const bytes = new Uint8Array([1, 2, 3]);
    const limited = limitBody(bytes, 3, 's3') as Buffer;
    expect(limited.buffer).toBe(bytes.buffer);
  });

  it('refuses text over the limit counted in UTF-8 bytes', () => {
    expect(() => limitBody('héllo', 5, 's3')).toThrow(expect.objectContaining({ kind: AdapterErrorKind.invalidArgument }));
  });

  it('streams a body within the limit unchanged', async () => {
    const limited = limitBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4, 's3') as Readable;
    expect((await drain(limited)).toString()).toBe('abcd');
  });

  it('fails a stream with invalidArgument once it passes the limit', async () => {
    const limited = limitBody(Readable.from([Buffer.alloc(3), Buffer.alloc(3)]), 5, 's3') as Readable;
    const error = await drain(limited).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).kind).toBe(AdapterErrorKind.invalidArgument);
  });

  it('passes the error of the caller\'s stream through as it is', async () => {
    const failure = new Error('disk gone');
    const source = new Readable({ read() { this.destroy(failure); } });
    const limited = limitBody(source, 100, 's3') as Readable;
    await expect(drain(limited)).rejects.toBe(failure);
  });

  it('accepts an async iterable', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
      yield new Uint8Array([2]);
    }
    expect([...(await drain(limitBody(chunks(), 2, 's3') as Readable))]).toEqual([1, 2]);
  });
});
