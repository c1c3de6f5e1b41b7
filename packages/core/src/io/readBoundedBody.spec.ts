// readBoundedBody: the shared bounded reader of HTTP bodies (remote manifests, the fetch adapter).
import { readBoundedBody } from './readBoundedBody.js';

class TooLarge extends Error {}

// A body streamed in chunks without a content-length, recording whether it was cancelled.
function streamed(chunks: number[], state: { cancelled: boolean }): Response {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = chunks[index];
      index += 1;
      if (size === undefined) {
        controller.close();
      } else {
        controller.enqueue(new Uint8Array(size).fill(7));
      }
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return new Response(body);
}

describe('readBoundedBody', () => {
  it('returns every byte of a body within the limit, joined in order', async () => {
    const bytes = await readBoundedBody(new Response(new Uint8Array([1, 2, 3, 4])), 4, () => new TooLarge());
    expect([...bytes]).toEqual([1, 2, 3, 4]);
  });

  it('refuses a declared content-length above the limit before reading, with the caller\'s error', async () => {
    const response = new Response('x'.repeat(10), { headers: { 'content-length': '10' } });
    await expect(readBoundedBody(response, 5, () => new TooLarge('declared'))).rejects.toThrow(TooLarge);
  });

  it('cuts off a body without a length once it passes the limit and cancels its stream, because it could be endless', async () => {
    const state = { cancelled: false };
    await expect(readBoundedBody(streamed([3, 3, 3, 3], state), 7, () => new TooLarge())).rejects.toThrow(TooLarge);
    expect(state.cancelled).toBe(true);
  });

  it('returns an empty array for a response without a body', async () => {
    expect(await readBoundedBody(new Response(null, { status: 204 }), 1, () => new TooLarge())).toHaveLength(0);
  });
});
