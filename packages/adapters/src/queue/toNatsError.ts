/** Turns a NATS client error into an AdapterError of the matching kind, keeping it as cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { messageOf } from '@oneiric/core/internal';

const CONTEXT = { domain: 'adapter', key: 'queue', provider: 'nats' } as const;

// NatsError codes (`ErrorCode` of nats.js): a request unanswered in time, JetStream's 408.
const TIMEOUT_CODES = new Set(['TIMEOUT', '408']);
// The connection is closed, closing, lost, refused or not established in time.
const CONNECTION_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'DISCONNECT', 'CONNECTION_REFUSED', 'CONNECTION_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
// The message itself is refused before it is sent: over the server's max_payload, or malformed.
const INVALID_CODES = new Set(['MAX_PAYLOAD_EXCEEDED', 'BAD_PAYLOAD', 'INVALID_PAYLOAD', 'BAD_SUBJECT', 'BAD_HEADER']);

/**
 * The AdapterError for a failed NATS or JetStream call:
 * - `timeout` for a request the server did not answer within `requestTimeoutMs` (code
 *   `TIMEOUT`) or a JetStream 408;
 * - `connectionFailed` for a connection that is closed, draining, lost or refused;
 * - `invalidArgument` for a payload over the server's `max_payload` (or otherwise refused by
 *   the client before sending);
 * - `queryFailed` for everything else, JetStream API errors above all ("stream not found",
 *   "subjects overlap", permission violations) and a publish nobody answered (`503`: no stream
 *   listens on the subject, or JetStream is not enabled).
 *
 * The message names the operation and the client's message (or the JetStream API's description
 * and error code); the client's error is the cause. An AdapterError is returned unchanged.
 * @param operation - what was being done (`publish to orders`), for the message
 * @param error - what the nats client threw
 * @example
 * ```ts
 * try { await js.publish(subject, data); } catch (error) { throw toNatsError(`publish to ${topic}`, error); }
 * ```
 */
export function toNatsError(operation: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const { code, api_error: apiError } = (error ?? {}) as { code?: unknown; api_error?: { code?: unknown; err_code?: unknown; description?: unknown } };
  const text = typeof code === 'string' ? code : '';
  let reason = messageOf(error);
  let kind = AdapterErrorKind.queryFailed;
  if (TIMEOUT_CODES.has(text)) {
    kind = AdapterErrorKind.timeout;
  } else if (CONNECTION_CODES.has(text)) {
    kind = AdapterErrorKind.connectionFailed;
  } else if (INVALID_CODES.has(text)) {
    kind = AdapterErrorKind.invalidArgument;
  }
  if (apiError !== undefined) {
    reason = `JetStream API error ${String(apiError.code)}${apiError.err_code === undefined ? '' : ` (err_code ${String(apiError.err_code)})`}: ${String(apiError.description)}`;
  } else if (text === '503') {
    reason = 'no responders (no stream listens on the subject, or JetStream is not enabled)';
  }
  return new AdapterError(kind, `adapter:queue (nats): ${operation} failed: ${reason}`, CONTEXT, error);
}
