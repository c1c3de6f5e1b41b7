/** Loads an adapter's client library (an optional peer dependency) the first time it is needed. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';

/**
 * Who needs the library, for the error message.
 * @category Errors and loading
 */
export interface DependencyUser {
  /** Adapter category (the key): `cache`. */
  readonly category: string;
  /** Provider name: `redis`. */
  readonly provider: string;
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const { code, name, message } = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  // Node says ERR_MODULE_NOT_FOUND; Jest's module loader throws a ModuleNotFoundError.
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || name === 'ModuleNotFoundError';
  // Only the package itself missing counts: a broken install inside it must surface as it is.
  return notFound && typeof message === 'string' && message.includes(`'${packageName}'`);
}

/**
 * Imports `packageName` with a dynamic `import()`, so that applications that never use the
 * provider need not install it. `importer` exists because a literal `import('ioredis')` keeps
 * the library's types; it defaults to importing the name.
 * @throws AdapterError `missingDependency` naming the package and the command that installs it
 * @example
 * ```ts
 * const { Redis } = await loadOptionalDependency('ioredis', { category: 'cache', provider: 'redis' }, () => import('ioredis'));
 * ```
 * @category Errors and loading
 */
export async function loadOptionalDependency<T>(
  packageName: string,
  user: DependencyUser,
  importer: () => Promise<T> = () => import(packageName) as Promise<T>,
): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new AdapterError(
        AdapterErrorKind.missingDependency,
        `adapter:${user.category} (${user.provider}) needs the optional package '${packageName}': install it with \`npm install ${packageName}\``,
        { domain: 'adapter', key: user.category, provider: user.provider },
        error,
      );
    }
    throw error;
  }
}
