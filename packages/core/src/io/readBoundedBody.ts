/** Reads an HTTP response body into memory, never more than a limit. */

/**
 * The body of `response` as bytes, refusing more than `maxBytes`: a declared `content-length`
 * above the limit is refused before reading, and the bytes are counted while they stream in, so
 * a body without a length is cut off (its stream cancelled) as soon as it passes the limit.
 * @param tooLarge - builds the error thrown when the limit is passed (each caller's own typed error)
 * @throws what `tooLarge` returns; the stream's own error when reading fails
 * @category Resiliency
 */
export async function readBoundedBody(response: Response, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) {
    return new Uint8Array(0);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
