/** Turns a database client's error into an AdapterError of the matching kind, keeping it as cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { messageOf } from '@oneiric/core/internal';

// Node socket errors and the clients' own codes for a lost or refused connection.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'ER_CON_COUNT_ERROR',
  '57P01', '57P02', '57P03',
]);
// Statement time limits: PostgreSQL statement_timeout, mysql2's inactivity timer, MariaDB
// max_statement_time, MySQL max_execution_time, SQLite's busy timeout.
const TIMEOUT_CODES = new Set(['57014', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'SQLITE_BUSY']);
// Errors without a code: pg's client-side query_timeout, and pg-pool giving up waiting for a
// pooled connection (connectionTimeoutMillis) while every connection is busy.
const TIMEOUT_MESSAGES = /^Query read timeout$|^timeout exceeded when trying to connect$/;
// Errors without a code for a connection that is gone: pg's socket end and its refusal to use a
// client after that ("Client has encountered a connection error and is not queryable", "Client
// was closed and is not queryable"), mysql2's refusal to use a connection after it died ("Can't
// add new command when connection is in closed state", "Can't write in closed state").
const CONNECTION_MESSAGES = /Connection terminated|is not queryable|in closed state/i;

/**
 * The AdapterError for a failed statement: `timeout` for a time limit (a statement's, or waiting
 * for a pooled connection), `connectionFailed` for a lost or refused connection (also a client
 * refusing to use a connection that died), `queryFailed` otherwise. An AdapterError is returned
 * unchanged.
 * @param provider - `postgres`, `mysql` or `sqlite`
 * @param error - what the client threw
 */
export function toQueryError(provider: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = messageOf(error);
  // mysql2 marks an error after which the connection is unusable as `fatal`.
  const fatal = (error as { fatal?: unknown } | null)?.fatal === true;
  let kind = AdapterErrorKind.queryFailed;
  if ((typeof code === 'string' && TIMEOUT_CODES.has(code)) || TIMEOUT_MESSAGES.test(message)) {
    kind = AdapterErrorKind.timeout;
  } else if ((typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08/.test(code))) || fatal || CONNECTION_MESSAGES.test(message)) {
    kind = AdapterErrorKind.connectionFailed;
  }
  return new AdapterError(kind, `adapter:database (${provider}): ${message}`, { domain: 'adapter', key: 'database', provider }, error);
}
