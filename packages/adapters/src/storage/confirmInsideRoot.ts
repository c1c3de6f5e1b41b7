/** Checks where an open file really is, closing the gap between checking a path and opening it. */
import { readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { isInsideRoot } from './isInsideRoot.js';

const DELETED = ' (deleted)';

/** Options of {@link confirmInsideRoot}; for tests. */
export interface ConfirmInsideRootOptions {
  /** Directory of the per-descriptor links (default `/proc/self/fd`); a missing one forces the fallback. */
  readonly procFd?: string;
}

/**
 * True when the file (or directory) open as `handle` lies under `root` (a real path, as from
 * `realpath`) now, whatever path it was opened by: a directory on the way swapped for a symbolic
 * link after it was checked makes this false.
 *
 * On Linux the answer comes from the descriptor itself (`readlink /proc/self/fd/<fd>`, the
 * kernel's path of the open file; an unlinked file is judged by the directory it was in). Where
 * `/proc` is not there, `openedPath` is resolved with `realpath` and must be inside the root and
 * name the same file as the descriptor (same `dev` and `ino` as `fstat`); this fallback has a
 * window of its own between the two calls. Any failure answers false.
 * @param handle - the open file or directory
 * @param openedPath - the path it was opened by (for the fallback)
 * @param root - the real path of the root directory
 * @param options - where the descriptor links are
 * @example
 * ```ts
 * if (!(await confirmInsideRoot(handle, path, root))) { await handle.close(); throw outside(key); }
 * ```
 */
export async function confirmInsideRoot(handle: FileHandle, openedPath: string, root: string, options: ConfirmInsideRootOptions = {}): Promise<boolean> {
  let real: string | undefined;
  try {
    real = await readlink(`${options.procFd ?? '/proc/self/fd'}/${handle.fd}`);
  } catch {
    real = undefined;
  }
  if (real !== undefined && isAbsolute(real)) {
    return isInsideRoot(root, real.endsWith(DELETED) ? real.slice(0, -DELETED.length) : real);
  }
  try {
    const resolved = await realpath(openedPath);
    const [byPath, byDescriptor] = await Promise.all([stat(resolved), handle.stat()]);
    return byPath.dev === byDescriptor.dev && byPath.ino === byDescriptor.ino && isInsideRoot(root, resolved);
  } catch {
    return false;
  }
}
