/** Turns an amqplib (RabbitMQ) error into an AdapterError of the matching kind, keeping it as cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { messageOf } from '@oneiric/core/internal';

const CONTEXT = { domain: 'adapter', key: 'queue', provider: 'rabbitmq' } as const;

// Socket-level failures: the broker is down, restarting or unreachable.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNABORTED']);
// AMQP reply codes that mean the connection or channel went away rather than a refusal:
// 320 CONNECTION_FORCED (broker shutting down), 501 FRAME_ERROR, 504 CHANNEL_ERROR, 541 INTERNAL_ERROR.
const CONNECTION_REPLY_CODES = new Set([320, 501, 504, 541]);
// 403 ACCESS_REFUSED on login is a connection failure too (wrong credentials or vhost).
const LOST = /closed|connection|socket|heartbeat/i;

/**
 * The AdapterError for a failed RabbitMQ call:
 * - `timeout` for a call that outlived its limit (a core `TimeoutError`);
 * - `connectionFailed` for a refused, lost or closed connection or channel (socket codes,
 *   CONNECTION_FORCED while the broker stops, amqplib's IllegalOperationError "Channel closed");
 * - `queryFailed` for what the broker refused (404 NOT_FOUND, 406 PRECONDITION_FAILED such as a
 *   queue redeclared with other arguments, 403 ACCESS_REFUSED on a resource).
 *
 * The message names the operation and the client's message, which never holds the URL's
 * password; the client's error is the cause. An AdapterError is returned unchanged.
 * @param operation - what was being done (`publish to orders`), for the message
 * @param error - what amqplib threw
 */
export function toAmqpError(operation: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const { code, name, kind: errorKind } = (error ?? {}) as { code?: unknown; name?: unknown; kind?: unknown };
  const message = messageOf(error);
  let kind = AdapterErrorKind.queryFailed;
  if (errorKind === 'timeout') {
    kind = AdapterErrorKind.timeout;
  } else if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    kind = AdapterErrorKind.connectionFailed;
  } else if (typeof code === 'number' && CONNECTION_REPLY_CODES.has(code)) {
    kind = AdapterErrorKind.connectionFailed;
  } else if (name === 'IllegalOperationError' || (typeof code !== 'number' && LOST.test(message))) {
    kind = AdapterErrorKind.connectionFailed;
  }
  return new AdapterError(kind, `adapter:queue (rabbitmq): ${operation} failed: ${message}`, CONTEXT, error);
}
