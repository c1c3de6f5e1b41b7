/** The priority a package's candidates get when they do not declare their own. */

/**
 * An explicit priority wins, then the package's entry in the stack order, then 0. Unlike the
 * Python original, the install path plays no part: priorities do not change with install depth.
 */
export function inferPackagePriority(
  packageName: string,
  explicitPriority: number | undefined,
  stackOrder: ReadonlyMap<string, number>,
): number {
  return explicitPriority ?? stackOrder.get(packageName) ?? 0;
}
