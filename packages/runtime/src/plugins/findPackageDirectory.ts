/** Finds an installed package's directory the way Node.js looks up `node_modules`. */
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The directory of `packageName` as installed for code in `cwd`: the first
 * `node_modules/<packageName>/package.json` in `cwd` or a parent directory. The package's
 * `exports` are not consulted, so packages that do not export `./package.json` are found too.
 * @returns undefined when no such package is installed
 */
export function findPackageDirectory(packageName: string, cwd: string): string | undefined {
  let directory = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(directory, 'node_modules', packageName);
    if (existsSync(path.join(candidate, 'package.json'))) {
      return candidate;
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      return undefined;
    }
    directory = parent;
  }
}
