/** Reads a whole HTTP/1.1 response, as received on a connection the server closed after it (a pure calculation). */

/** A response's status code and body text. */
export interface HttpResponseText {
  /** The status code of the status line. */
  readonly status: number;
  /** The body, decoded as UTF-8 (chunked transfer coding removed). */
  readonly body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Splits `raw` (everything the server sent before closing a `Connection: close` exchange) into
 * status and body. The body is `Content-Length` bytes when the header is there, the decoded
 * chunks for `Transfer-Encoding: chunked`, else everything after the head.
 * @throws SyntaxError when the status line, a length or a chunk is malformed or cut short
 */
export function parseHttpResponse(raw: Buffer): HttpResponseText {
  const headEnd = raw.indexOf(HEAD_END);
  if (headEnd === -1) {
    throw new SyntaxError('the response ends before its head does');
  }
  const [statusLine = '', ...headerLines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const statusMatch = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (statusMatch === null) {
    throw new SyntaxError(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 60))}`);
  }
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
  }
  const rest = raw.subarray(headEnd + HEAD_END.length);
  return { status: Number(statusMatch[1]), body: bodyOf(rest, headers).toString('utf8') };
}

function bodyOf(rest: Buffer, headers: ReadonlyMap<string, string>): Buffer {
  if (headers.get('transfer-encoding')?.toLowerCase() === 'chunked') {
    return dechunk(rest);
  }
  const lengthHeader = headers.get('content-length');
  if (lengthHeader === undefined) {
    return rest;
  }
  const length = Number(lengthHeader);
  if (!/^\d+$/.test(lengthHeader) || length > rest.length) {
    throw new SyntaxError(`content-length ${JSON.stringify(lengthHeader)} does not match the ${rest.length} bytes received`);
  }
  return rest.subarray(0, length);
}

// Chunks are `<hex size>[;extensions]\r\n<data>\r\n`, ending with a zero-size chunk.
function dechunk(rest: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', offset);
    if (lineEnd === -1) {
      throw new SyntaxError('the chunked body is cut short');
    }
    const sizeText = rest.subarray(offset, lineEnd).toString('latin1').split(';', 1)[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) {
      throw new SyntaxError(`bad chunk size ${JSON.stringify(sizeText)}`);
    }
    const size = Number.parseInt(sizeText, 16);
    if (size === 0) {
      return Buffer.concat(chunks);
    }
    const start = lineEnd + 2;
    if (start + size + 2 > rest.length) {
      throw new SyntaxError('the chunked body is cut short');
    }
    chunks.push(rest.subarray(start, start + size));
    offset = start + size + 2;
  }
}
