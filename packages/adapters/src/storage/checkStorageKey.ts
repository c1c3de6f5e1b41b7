/** The key rules of object storage: relative, `/`-separated, nothing that could climb out of a root. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

const MAX_KEY_LENGTH = 1_024;

/** Name prefix of a provider's temporary files; no key's last segment may start with it. */
export const STORAGE_TEMP_PREFIX = '.oneiric-tmp-';

/**
 * Returns the key's segments when it is a valid storage key, normalised to Unicode NFC: `café`
 * typed as `e` + combining accent and as `é` is one key (the segments name the files).
 * @throws AdapterError `invalidArgument` for an empty, absolute, over-long key, one with a NUL
 *   or backslash, or one whose last segment starts with `.oneiric-tmp-` (the prefix of temporary
 *   files, which `list` hides); `pathOutsideRoot` for one with a `.` or `..` segment
 * @category Storage
 */
export function checkStorageKey(key: unknown, provider: string): string[] {
  const context = { domain: 'adapter', key: 'storage', provider };
  const fail = (kind: AdapterErrorKind, why: string): AdapterError =>
    new AdapterError(kind, `adapter:storage (${provider}): invalid key ${JSON.stringify(key) ?? String(key)}: ${why}`, context);
  if (typeof key !== 'string' || key.length === 0) {
    throw fail(AdapterErrorKind.invalidArgument, 'a key must be a non-empty string');
  }
  const normalised = key.normalize('NFC');
  if (normalised.length > MAX_KEY_LENGTH) {
    throw fail(AdapterErrorKind.invalidArgument, `longer than ${MAX_KEY_LENGTH} characters`);
  }
  if (normalised.includes('\0') || normalised.includes('\\')) {
    // A backslash is a separator on Windows: allowing it would let `..\\x` climb out there.
    throw fail(AdapterErrorKind.invalidArgument, 'NUL and backslash are not allowed');
  }
  if (normalised.startsWith('/')) {
    throw fail(AdapterErrorKind.invalidArgument, 'keys are relative (no leading /)');
  }
  const segments = normalised.split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw fail(AdapterErrorKind.pathOutsideRoot, '. and .. segments are not allowed');
  }
  if (segments.some((segment) => segment.length === 0)) {
    throw fail(AdapterErrorKind.invalidArgument, 'empty segment (// or a trailing /)');
  }
  if (segments[segments.length - 1]?.startsWith(STORAGE_TEMP_PREFIX) === true) {
    throw fail(AdapterErrorKind.invalidArgument, `the last segment must not start with ${STORAGE_TEMP_PREFIX} (the prefix of temporary files)`);
  }
  return segments;
}
