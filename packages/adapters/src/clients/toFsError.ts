/** Turns a Node file system error into an AdapterError of the matching kind, keeping it as cause. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { DependencyUser } from '../loading/loadOptionalDependency.js';
import { messageOf } from '@oneiric/core/internal';

// The path given is the problem: a segment too long for the file system, a file where a
// directory is needed (ENOTDIR), a directory where a file is (EISDIR), something already there.
const INVALID_CODES = new Map([
  ['ENAMETOOLONG', 'a path component or the whole path is too long for the file system'],
  ['ENOTDIR', 'a component of the path is a file, not a directory'],
  ['EISDIR', 'the path is a directory'],
  ['EEXIST', 'something else is already at the path'],
  ['EINVAL', 'the file system refuses the name'],
]);
// The process may not touch the file or directory.
const PERMISSION_CODES = new Set(['EACCES', 'EPERM']);

/**
 * The AdapterError for a failed file system call of a provider that keeps its data in files:
 * - `invalidArgument` when the path made from the caller's key or name is refused: too long
 *   (ENAMETOOLONG), a file where a directory is needed (ENOTDIR), a directory where a file is
 *   (EISDIR), something already there (EEXIST), a name the file system refuses (EINVAL);
 * - `permissionDenied` for EACCES and EPERM;
 * - `fileSystemFailed` for everything else (ENOSPC, EDQUOT, EROFS, EIO, EMFILE, ENOENT of the
 *   provider's own directory, ...).
 *
 * The message names the provider, the operation (which should name the key or secret, never a
 * secret's value), the error code and what it means here; the system error, whose message holds
 * the full path, is the cause. An AdapterError is returned unchanged.
 * @param user - category and provider, for the message and the context
 * @param operation - what was being done (`put "reports/nov.txt"`), for the message
 * @param error - what `node:fs` threw
 * @example
 * ```ts
 * try { await rename(temp, path); } catch (error) { throw toFsError(USER, `put ${JSON.stringify(key)}`, error); }
 * ```
 */
export function toFsError(user: DependencyUser, operation: string, error: unknown): AdapterError {
  if (error instanceof AdapterError) {
    return error;
  }
  const rawCode = (error as { code?: unknown } | null)?.code;
  const code = typeof rawCode === 'string' ? rawCode : undefined;
  let kind = AdapterErrorKind.fileSystemFailed;
  let reason = messageOf(error);
  const invalid = code === undefined ? undefined : INVALID_CODES.get(code);
  if (invalid !== undefined) {
    kind = AdapterErrorKind.invalidArgument;
    reason = `${code}: ${invalid}`;
  } else if (code !== undefined && PERMISSION_CODES.has(code)) {
    kind = AdapterErrorKind.permissionDenied;
    reason = `${code}: permission denied`;
  } else if (code !== undefined) {
    // The system message: `ENOSPC: no space left on device, write`, without the path.
    reason = reason.replace(/, \w+ '.*'$/s, '');
  }
  return new AdapterError(
    kind,
    `adapter:${user.category} (${user.provider}): ${operation} failed: ${reason}`,
    { domain: 'adapter', key: user.category, provider: user.provider },
    error,
  );
}
