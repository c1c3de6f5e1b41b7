/** The argument checks every database provider makes before sending a statement. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

/**
 * Returns the parameters as an array after checking the statement.
 * @throws AdapterError `invalidArgument` for an empty statement or parameters that are not an array
 * @category Database
 */
export function checkSql(provider: string, sql: unknown, params: unknown): unknown[] {
  const context = { domain: 'adapter', key: 'database', provider };
  if (typeof sql !== 'string' || sql.trim().length === 0) {
    throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:database (${provider}): the statement must be a non-empty string`, context);
  }
  if (params !== undefined && !Array.isArray(params)) {
    throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:database (${provider}): parameters must be an array`, context);
  }
  return params === undefined ? [] : [...(params as unknown[])];
}
