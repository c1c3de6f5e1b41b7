/** The rules of a listing page request, the same for every storage provider. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { SignedUrlOptions, StoragePageRequest } from './storage.js';

/**
 * Most keys one page may hold: what S3, Azure and GCS return at most per call.
 * @category Storage
 */
export const MAX_PAGE_LIMIT = 1_000;
/**
 * Longest validity of a signed URL, in seconds: S3's limit for V4 signatures (seven days).
 * @category Storage
 */
export const MAX_SIGNED_URL_SECONDS = 604_800;

function invalid(provider: string, why: string): AdapterError {
  return new AdapterError(AdapterErrorKind.invalidArgument, `adapter:storage (${provider}): ${why}`, { domain: 'adapter', key: 'storage', provider });
}

/**
 * Returns the page's limit when it is an integer from 1 to 1000 and its cursor, when given, a non-empty string.
 * @throws AdapterError `invalidArgument`
 * @category Storage
 */
export function checkPageRequest(page: StoragePageRequest, provider: string): number {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_LIMIT) {
    throw invalid(provider, `a page limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  if (page.cursor !== undefined && (typeof page.cursor !== 'string' || page.cursor.length === 0)) {
    throw invalid(provider, 'a page cursor must be the non-empty cursor of a previous page');
  }
  return page.limit;
}

/**
 * Returns the validity in seconds and the method of a signed URL request.
 * @throws AdapterError `invalidArgument` for a validity outside 1 s to 7 days or another method
 * @category Storage
 */
export function checkSignedUrlOptions(options: SignedUrlOptions, provider: string): { seconds: number; method: 'GET' | 'PUT' } {
  const seconds = options.expiresInSeconds;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_SIGNED_URL_SECONDS) {
    throw invalid(provider, `expiresInSeconds must be an integer from 1 to ${MAX_SIGNED_URL_SECONDS}`);
  }
  const method = options.method ?? 'GET';
  if (method !== 'GET' && method !== 'PUT') {
    throw invalid(provider, 'a signed URL is for GET or PUT');
  }
  return { seconds, method };
}
