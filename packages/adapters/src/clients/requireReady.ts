/** The check every adapter method makes before touching its client. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

/**
 * Returns `client`, or throws when the provider was not initialised or is cleaned up.
 * @throws AdapterError `notReady`
 */
export function requireReady<T>(client: T | undefined, category: string, provider: string): T {
  if (client === undefined) {
    throw new AdapterError(
      AdapterErrorKind.notReady,
      `adapter:${category} (${provider}) is not initialised (init() not called yet, or cleanup() already ran)`,
      { domain: 'adapter', key: category, provider },
    );
  }
  return client;
}
