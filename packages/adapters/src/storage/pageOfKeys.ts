/** Cuts one page out of a full sorted listing, for providers whose service has no pages of its own. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { StoragePage } from './storage.js';

/**
 * The keys after the cursor's key (the last key of the previous page, base64url-encoded), at most
 * `limit` of them, and the cursor of the next page when more follow.
 * @throws AdapterError `invalidArgument` for a cursor that is not base64url
 */
export function pageOfKeys(sortedKeys: readonly string[], limit: number, cursor: string | undefined, provider: string): StoragePage {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, provider);
  const start = after === undefined ? 0 : sortedKeys.findIndex((key) => key > after);
  const keys = start < 0 ? [] : sortedKeys.slice(start, start + limit);
  const last = keys[keys.length - 1];
  const more = start >= 0 && start + limit < sortedKeys.length;
  return more && last !== undefined ? { keys, cursor: encodeCursor(last) } : { keys };
}

/** The cursor after `key`: the key, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/**
 * The key a cursor of `encodeCursor` names.
 * @throws AdapterError `invalidArgument` for a cursor that is not base64url
 */
export function decodeCursor(cursor: string, provider = 'storage'): string {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${provider}): not a cursor of this provider`, { domain: 'adapter', key: 'storage', provider });
  }
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
