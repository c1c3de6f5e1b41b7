/** Checks that a resolved path stays inside a directory (the last line of defence against traversal). */
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * True when `path`, resolved, is `directory` itself or below it.
 * @category Calculations
 */
export function isInsideDirectory(directory: string, path: string): boolean {
  const fromDirectory = relative(resolve(directory), resolve(path));
  return fromDirectory === '' || (!fromDirectory.startsWith('..') && !isAbsolute(fromDirectory));
}
