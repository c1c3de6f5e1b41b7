// Turns an --import MODULE argument into the URL to import, resolving it from the CLI's working directory.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve as resolveEsm } from 'import-meta-resolve';
import { ModuleImportError } from './moduleImportError.js';

/**
 * The `file:` URL (or other URL given as is) of an `--import` module. Resolution is relative
 * to `cwd`, not to this package, because the modules belong to the user's project:
 * `file:` URLs and absolute paths are taken as they are, `./x` and `../x` are joined to
 * `cwd`, and bare specifiers are resolved with Node's ES module resolution from
 * `cwd/package.json` (the `import` condition of `exports`, as `import()` itself would: a
 * package whose `exports` offer only `import` resolves; a workspace's own packages and their
 * `exports` subpaths work).
 * @throws ModuleImportError `moduleNotFound` when a path does not exist or a package cannot be resolved
 */
export function resolveModuleUrl(specifier: string, cwd: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(specifier)) {
    return specifier;
  }
  if (path.isAbsolute(specifier) || isRelativePath(specifier)) {
    const resolved = path.resolve(cwd, specifier);
    // Checked here rather than left to import() so a missing file is told apart from a broken one.
    if (!existsSync(resolved)) {
      throw new ModuleImportError('moduleNotFound', `cannot import ${specifier}: ${resolved} does not exist`, {
        module: specifier,
        resolved,
      });
    }
    return pathToFileURL(resolved).href;
  }
  try {
    // import.meta.resolve cannot take a parent URL without an experimental flag on Node 20.
    return resolveEsm(specifier, pathToFileURL(path.join(cwd, 'package.json')).href);
  } catch (error) {
    // A bare name that happens to be a local file is almost always a forgotten "./".
    const hint = existsSync(path.resolve(cwd, specifier)) ? ` (did you mean ./${specifier}?)` : '';
    throw new ModuleImportError(
      'moduleNotFound',
      `cannot import ${specifier}: no such package or export resolvable from ${cwd}${hint}`,
      { module: specifier },
      error,
    );
  }
}

function isRelativePath(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || /^\.\.?[\\/]/.test(specifier);
}
