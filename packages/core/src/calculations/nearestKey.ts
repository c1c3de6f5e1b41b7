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

// Optimal-string-alignment distance (Levenshtein plus adjacent transposition, the commonest
// typo: "cahce"). Three rolling rows: names are short, so O(n*m) time is nothing.
function editDistance(a: string, b: string): number {
  let previousRow: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const nextRow = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(row[j]! + 1, nextRow[j - 1]! + 1, row[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, previousRow[j - 2]! + 1);
      }
      nextRow.push(distance);
    }
    previousRow = row;
    row = nextRow;
  }
  return row[b.length]!;
}
