/** The key rules of object storage: relative, `/`-separated, nothing that could climb out of a root. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

const MAX_KEY_LENGTH = 1_024;

/**
 * Returns the key's segments when it is a valid storage key.
 * @throws AdapterError `invalidArgument` for an empty, absolute, over-long key, or one with a NUL
 *   or backslash; `pathOutsideRoot` for one with a `.` or `..` segment
 */
export function checkStorageKey(key: unknown, provider: string): string[] {
  const context = { domain: 'adapter', key: 'storage', provider };
  const fail = (kind: AdapterErrorKind, why: string): AdapterError =>
    new AdapterError(kind, `adapter:storage (${provider}): invalid key ${JSON.stringify(key) ?? String(key)}: ${why}`, context);
  if (typeof key !== 'string' || key.length === 0) {
    throw fail(AdapterErrorKind.invalidArgument, 'a key must be a non-empty string');
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw fail(AdapterErrorKind.invalidArgument, `longer than ${MAX_KEY_LENGTH} characters`);
  }
  if (key.includes('\0') || key.includes('\\')) {
    // A backslash is a separator on Windows: allowing it would let `..\\x` climb out there.
    throw fail(AdapterErrorKind.invalidArgument, 'NUL and backslash are not allowed');
  }
  if (key.startsWith('/')) {
    throw fail(AdapterErrorKind.invalidArgument, 'keys are relative (no leading /)');
  }
  const segments = key.split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw fail(AdapterErrorKind.pathOutsideRoot, '. and .. segments are not allowed');
  }
  if (segments.some((segment) => segment.length === 0)) {
    throw fail(AdapterErrorKind.invalidArgument, 'empty segment (// or a trailing /)');
  }
  return segments;
}
