/** "Did you mean": the registered key closest to a mistyped one. */

/**
 * The entry of `known` nearest to `wanted` by edit distance (case-insensitive), or undefined
 * when none is close enough to be a plausible typo (more than a third of the longer name
 * differs).
 */
export function nearestKey(wanted: string, known: Iterable<string>): string | undefined {
  const target = wanted.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) {
    return undefined;
  }
  const allowed = Math.max(1, Math.floor(Math.max(target.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

// Levenshtein distance with one rolling row: names are short, so O(n*m) time is nothing.
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      const substitution = diagonal + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(above + 1, row[j - 1]! + 1, substitution);
      diagonal = above;
    }
  }
  return row[b.length]!;
}
