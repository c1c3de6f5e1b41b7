/** Lays one settings object over another (a pure calculation). */

/**
 * `overlay` over `base`: mappings merge key by key at every depth, lists and scalars replace,
 * as core's settings layers do. Neither argument is changed.
 * @category Configuration
 */
export function mergeOverlay(base: Readonly<Record<string, unknown>>, overlay: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const existing = Object.hasOwn(merged, key) ? merged[key] : undefined;
    // defineProperty keeps a `__proto__` key an own field (assignment would change the prototype),
    // so validation later refuses it instead of it silently vanishing.
    Object.defineProperty(merged, key, {
      value: isMapping(existing) && isMapping(value) ? mergeOverlay(existing, value) : value,
      enumerable: true, writable: true, configurable: true,
    });
  }
  return merged;
}

/** A plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
