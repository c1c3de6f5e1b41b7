/** Whether a path lies strictly under a root directory. */
import { isAbsolute, relative, sep } from 'node:path';

/**
 * True when `path` is strictly under `root` (not the root itself), comparing the paths as they
 * are: resolve both (`realpath`) first when links matter. Works for a root ending with a
 * separator (`/` itself), where a `root + sep` prefix test would refuse everything.
 * @param root - absolute root directory
 * @param path - absolute path to check
 * @example
 * ```ts
 * isInsideRoot('/', '/srv/a');       // true
 * isInsideRoot('/srv', '/srv2/a');   // false
 * ```
 */
export function isInsideRoot(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
