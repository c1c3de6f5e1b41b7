/** The winner of a key in one linear pass, without sorting: what resolution caches. */
import type { Candidate } from '../models/candidate.js';
import { compareScores } from './compareScores.js';
import { filterByCapabilities } from './filterByCapabilities.js';
import { scoreCandidate } from './scoreCandidate.js';

/**
 * Returns the first candidate `rankCandidates` would return, or undefined when none qualifies.
 * @param candidates - the key's candidates
 * @param selection - provider named by the key's selection, if any
 * @param requestedCapabilities - normalised requested capabilities
 * @param requireAll - capability filter mode
 */
export function pickWinner(
  candidates: Iterable<Candidate>,
  selection: string | undefined,
  requestedCapabilities: readonly string[] = [],
  requireAll = true,
): Candidate | undefined {
  const pool = requestedCapabilities.length === 0
    ? candidates
    : filterByCapabilities([...candidates], requestedCapabilities, requireAll).kept;
  let best: Candidate | undefined;
  let bestScore;
  for (const candidate of pool) {
    const score = scoreCandidate(candidate, selection, requestedCapabilities);
    if (bestScore === undefined || compareScores(score, bestScore).order > 0) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
