/** Reads a dotted path (`order.customer.id`) from a plain value, own properties only. */

/** What a path lookup found. */
export interface PathLookup {
  /** Whether every segment existed. */
  readonly found: boolean;
  /** The value there (undefined when not found). */
  readonly value: unknown;
}

/** The value at `path` in `root`; array indexes are segments too (`items.0.sku`). Inherited members never match. */
export function readDottedPath(root: unknown, path: string): PathLookup {
  let current: unknown = root;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
}
