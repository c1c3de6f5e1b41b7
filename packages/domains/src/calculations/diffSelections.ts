/** Compares two selection maps of one domain (a pure calculation). */

/**
 * One key whose selection changed; `provider` undefined means the selection was removed.
 * @category Calculations
 */
export interface SelectionChange {
  /** The key. */
  readonly key: string;
  /** The new selection, or undefined when removed. */
  readonly provider: string | undefined;
}

/**
 * Keys added, changed or removed between `before` and `after`, sorted by key.
 * @category Calculations
 */
export function diffSelections(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): SelectionChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: SelectionChange[] = [];
  for (const key of [...keys].sort()) {
    const next = Object.hasOwn(after, key) ? after[key] : undefined;
    const previous = Object.hasOwn(before, key) ? before[key] : undefined;
    if (next !== previous) {
      changes.push({ key, provider: next });
    }
  }
  return changes;
}
