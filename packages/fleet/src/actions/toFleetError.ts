/** Turns a NATS client error into a {@link FleetError} of the matching kind. */
import { TimeoutError } from '@oneiric/core';
import { messageOf } from '@oneiric/core/internal';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';

const TIMEOUT_CODES = new Set(['TIMEOUT', '408']);

/**
 * `conflict` for a lost compare-and-set (JetStream's "wrong last sequence", 10071), `timeout`,
 * else `connectionFailed` with the client's message. A FleetError comes back unchanged.
 * @param operation - what was being done (`update selection.adapter.cache`)
 * @param error - what the client threw
 */
export function toFleetError(operation: string, error: unknown): FleetError {
  if (error instanceof FleetError) {
    return error;
  }
  const { code, api_error: apiError } = (error ?? {}) as { code?: unknown; api_error?: { err_code?: unknown } };
  const text = typeof code === 'string' ? code : '';
  const message = messageOf(error);
  if (apiError?.err_code === 10071 || /wrong last sequence|key exists/i.test(message)) {
    return new FleetError(FleetErrorKind.conflict, `${operation}: someone else changed it first (${message}); read it again and retry`, {}, error);
  }
  if (TIMEOUT_CODES.has(text) || error instanceof TimeoutError) {
    return new FleetError(FleetErrorKind.timeout, `${operation}: no answer in time (${message})`, {}, error);
  }
  // Anything else (a refused connection, a JetStream API error, JetStream not enabled) means
  // the bucket cannot be used now: the caller retries or reports it the same way.
  return new FleetError(FleetErrorKind.connectionFailed, `${operation}: ${message}`, {}, error);
}
