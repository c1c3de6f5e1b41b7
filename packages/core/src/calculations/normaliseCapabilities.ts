/** Turns a requested capability list into the canonical form precedence compares. */

/** Trims names, drops blanks and duplicates, sorts; non-strings are dropped. */
export function normaliseCapabilities(capabilities: readonly unknown[] | undefined): readonly string[] {
  if (capabilities === undefined || capabilities.length === 0) {
    return [];
  }
  const names = new Set<string>();
  for (const capability of capabilities) {
    if (typeof capability === 'string') {
      const trimmed = capability.trim();
      if (trimmed !== '') {
        names.add(trimmed);
      }
    }
  }
  return [...names].sort();
}
