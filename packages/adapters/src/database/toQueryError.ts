/** Turns a database client's error into an AdapterError of the matching kind, keeping it as cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

// Node socket errors and the clients' own codes for a lost or refused connection.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'ER_CON_COUNT_ERROR',
  '57P01', '57P02', '57P03',
]);
// Statement time limits: PostgreSQL statement_timeout, mysql2's inactivity timer, MariaDB
// max_statement_time, MySQL max_execution_time, SQLite's busy timeout.
const TIMEOUT_CODES = new Set(['57014', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'SQLITE_BUSY']);

/**
 * The AdapterError for a failed statement: `timeout` for a time limit, `connectionFailed` for a
 * lost or refused connection, `queryFailed` otherwise. An AdapterError is returned unchanged.
 * @param provider - `postgres`, `mysql` or `sqlite`
 * @param error - what the client threw
 */
export function toQueryError(provider: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  let kind = AdapterErrorKind.queryFailed;
  if ((typeof code === 'string' && TIMEOUT_CODES.has(code)) || message === 'Query read timeout') {
    kind = AdapterErrorKind.timeout;
  } else if ((typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08/.test(code))) || /Connection terminated/i.test(message)) {
    kind = AdapterErrorKind.connectionFailed;
  }
  return new AdapterError(kind, `adapter:database (${provider}): ${message}`, { domain: 'adapter', key: 'database', provider }, error);
}
