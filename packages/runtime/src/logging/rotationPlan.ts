/** Which files a size rotation removes and renames (a pure calculation). */

/** The effects of one rotation, in the order to apply them. */
export interface RotationPlan {
  /** The file dropped to keep the count: the oldest, or the current one when only one file is kept. */
  readonly remove: string;
  /** Renames, oldest first so no file is overwritten: `[from, to]`. */
  readonly renames: readonly (readonly [string, string])[];
}

/**
 * The rotation of `file` keeping `maxFiles` files in all: `file` becomes `file.1`, `file.1`
 * becomes `file.2`..., and `file.<maxFiles-1>` is removed. With `maxFiles` 1, `file` itself is
 * removed and nothing is renamed.
 */
export function rotationPlan(file: string, maxFiles: number): RotationPlan {
  const kept = Math.max(1, Math.floor(maxFiles));
  if (kept === 1) {
    return { remove: file, renames: [] };
  }
  const renames: (readonly [string, string])[] = [];
  for (let index = kept - 2; index >= 1; index -= 1) {
    renames.push([`${file}.${index}`, `${file}.${index + 1}`]);
  }
  renames.push([file, `${file}.1`]);
  return { remove: `${file}.${kept - 1}`, renames };
}
