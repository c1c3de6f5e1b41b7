/** Turns an mqtt.js error into an AdapterError of the matching kind, keeping it as cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { messageOf } from '@oneiric/core/internal';

const CONTEXT = { domain: 'adapter', key: 'queue', provider: 'mqtt' } as const;

// Socket-level failures: the broker is down, restarting or unreachable.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNABORTED']);
// What mqtt.js says when a call meets a closed or closing client.
const LOST = /disconnect|closed|connection|not connected|socket/i;

/**
 * The AdapterError for a failed MQTT call:
 * - `timeout` for a call that outlived its limit (a core `TimeoutError`);
 * - `connectionFailed` for a refused, lost or closed connection;
 * - `queryFailed` for what the broker refused with an MQTT 5 reason code of 0x80 or more
 *   (not authorised, topic name invalid, quota exceeded), the code in the message.
 *
 * The client's message never holds the URL's password; the client's error is the cause. An
 * AdapterError is returned unchanged.
 * @param operation - what was being done (`publish to orders`), for the message
 * @param error - what mqtt.js threw
 */
export function toMqttError(operation: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const { code, kind: errorKind } = (error ?? {}) as { code?: unknown; kind?: unknown };
  const message = messageOf(error);
  let kind = AdapterErrorKind.queryFailed;
  if (errorKind === 'timeout') {
    kind = AdapterErrorKind.timeout;
  } else if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    kind = AdapterErrorKind.connectionFailed;
  } else if (typeof code !== 'number' && LOST.test(message)) {
    kind = AdapterErrorKind.connectionFailed;
  }
  const reasonCode = typeof code === 'number' ? ` (reason code ${code})` : '';
  return new AdapterError(kind, `adapter:queue (mqtt): ${operation} failed: ${message}${reasonCode}`, CONTEXT, error);
}
