/** Turns an ioredis error into an AdapterError of the matching kind, keeping it as cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { DependencyUser } from '../loading/loadOptionalDependency.js';
import { messageOf } from '@oneiric/core/internal';

// Node socket errors for a lost or refused connection.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ETIMEDOUT']);
// ioredis's own errors for a connection that is down, closed or was lost with the command in flight.
const CONNECTION_MESSAGES = [
  /^Stream isn't writeable/,
  /^Connection is closed/,
  /^Command aborted due to connection close/,
  /^Reached the max retries per request limit/,
  /^Socket timeout/,
];

/**
 * The AdapterError for a failed Redis command:
 * - `timeout` for ioredis's `commandTimeout` ("Command timed out");
 * - `connectionFailed` for a connection that is down or lost ("Stream isn't writeable and
 *   enableOfflineQueue options is false", "Connection is closed.", a command aborted by a
 *   disconnect or past `maxRetriesPerRequest`, socket errors such as ECONNRESET);
 * - `invalidData` for a WRONGTYPE reply (the key holds another type than the provider wrote);
 * - `queryFailed` for every other error reply of the server (OOM, NOSCRIPT, NOPERM, LOADING,
 *   EXECABORT, ERR ...) and anything else.
 *
 * The message names the provider, the operation and the client's message (which carries no
 * command arguments, hence no stored value); the client's error is the cause. An AdapterError is
 * returned unchanged.
 * @param user - category and provider, for the message and the context
 * @param operation - what was being done (`get`, `publish`), for the message
 * @param error - what ioredis threw
 * @example
 * ```ts
 * try { return await client.get(key); } catch (error) { throw toRedisError(USER, 'get', error); }
 * ```
 */
export function toRedisError(user: DependencyUser, operation: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  const message = messageOf(error);
  let kind = AdapterErrorKind.queryFailed;
  let reason = message;
  if (message === 'Command timed out') {
    kind = AdapterErrorKind.timeout;
    reason = 'no reply within commandTimeoutMs (Command timed out)';
  } else if ((typeof code === 'string' && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGES.some((pattern) => pattern.test(message)) || name === 'MaxRetriesPerRequestError') {
    kind = AdapterErrorKind.connectionFailed;
    reason = `the connection is down or was lost (${message})`;
  } else if (name === 'ReplyError' && message.startsWith('WRONGTYPE')) {
    kind = AdapterErrorKind.invalidData;
  }
  return new AdapterError(
    kind,
    `adapter:${user.category} (${user.provider}): ${operation} failed: ${reason}`,
    { domain: 'adapter', key: user.category, provider: user.provider },
    error,
  );
}
