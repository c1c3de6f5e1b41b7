/** The name rule of secrets: a plain file or variable name, nothing that could form a path. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

const NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/**
 * True when `name` is a valid secret name (`[A-Za-z0-9_.-]{1,255}`, not `.` or `..`): what
 * `list()` filters by, so it never answers a name `get()` refuses.
 * @param name - a candidate name
 * @example
 * ```ts
 * isSecretName('db_password'); // true
 * isSecretName('my secret');   // false
 * ```
 */
export function isSecretName(name: unknown): name is string {
  return typeof name === 'string' && NAME.test(name) && name !== '.' && name !== '..';
}

/**
 * Returns the name when it is valid.
 * @throws AdapterError `invalidArgument` for anything but `[A-Za-z0-9_.-]{1,255}`, and for `.` and `..`
 * @category Secrets
 */
export function checkSecretName(name: unknown, provider: string): string {
  if (!isSecretName(name)) {
    throw new AdapterError(
      AdapterErrorKind.invalidArgument,
      `adapter:secrets (${provider}): invalid secret name ${JSON.stringify(name) ?? String(name)}: use [A-Za-z0-9_.-], 1 to 255 characters`,
      { domain: 'adapter', key: 'secrets', provider },
    );
  }
  return name;
}
