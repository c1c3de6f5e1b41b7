/** What a client whose bytes are not a usable HTTP request gets: a typed answer, then the connection closes. */
import type { Socket } from 'node:net';

/**
 * fastify's `clientErrorHandler`: a request that timed out before its headers were complete
 * (a slow-loris client) gets 408 `timeout`, oversized headers 431 `headersTooLarge`, anything
 * unparsable 400 `badRequest`, each in the control protocol's error format; the socket is then
 * destroyed so the connection cannot be reused.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const [statusCode, reason, kind, message] = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? [408, 'Request Timeout', 'timeout', 'the request was not received in time']
    : error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headersTooLarge', 'the request headers are too large']
      : [400, 'Bad Request', 'badRequest', 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify({ error: { kind, message } });
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${statusCode} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroySoon();
}
