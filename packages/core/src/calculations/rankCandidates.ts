/** The precedence ranking: a pure function of candidates, selection and request. */
import type { Candidate } from '../models/candidate.js';
import type { CandidateScore } from '../models/candidateScore.js';
import { byRankDescending } from './compareScores.js';
import { filterByCapabilities, type RemovedCandidate } from './filterByCapabilities.js';
import { scoreCandidate } from './scoreCandidate.js';

/** A candidate with its score. */
export interface ScoredCandidate {
  /** The candidate. */
  readonly candidate: Candidate;
  /** Its value on each tier. */
  readonly score: CandidateScore;
}

/** A full ranking. */
export interface Ranking {
  /** Qualifying candidates, best first. */
  readonly ranked: readonly ScoredCandidate[];
  /** Candidates removed by the capability filter. */
  readonly removed: readonly RemovedCandidate[];
}

/**
 * Ranks every candidate of one key: capability filter first, then the five tiers.
 * @param candidates - the key's candidates
 * @param selection - provider named by the key's selection, if any
 * @param requestedCapabilities - normalised requested capabilities
 * @param requireAll - capability filter mode
 */
export function rankCandidates(
  candidates: readonly Candidate[],
  selection: string | undefined,
  requestedCapabilities: readonly string[],
  requireAll: boolean,
): Ranking {
  const { kept, removed } = filterByCapabilities(candidates, requestedCapabilities, requireAll);
  const ranked = kept
    .map((candidate) => ({ candidate, score: scoreCandidate(candidate, selection, requestedCapabilities) }))
    .sort((a, b) => byRankDescending(a.score, b.score));
  return { ranked, removed };
}
