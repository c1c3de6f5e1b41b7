/** The JSON shape `explain()` returns; field names are stable and part of the public API. */
import type { CandidateSource } from './candidateSource.js';
import type { CandidateScore, PrecedenceTier } from './candidateScore.js';
import type { Domain } from './domain.js';

/**
 * One ranked candidate in an explanation.
 * @category Models
 */
export interface RankedCandidateExplanation {
  /** 1-based rank; 1 is the winner. */
  readonly rank: number;
  /** Provider name. */
  readonly provider: string;
  /** Candidate source. */
  readonly source: CandidateSource;
  /** Value on each tier. */
  readonly score: CandidateScore;
  /** True for the winner only. */
  readonly selected: boolean;
  /**
   * For the winner, the tier on which it beat the runner-up; for a loser, the tier on which it
   * lost to the winner; null for a lone candidate.
   */
  readonly decidedBy: PrecedenceTier | null;
  /** One sentence summarising the decision (`lost to redis on priority 400 > 100`). */
  readonly summary: string;
  /** One reason per tier, in tier order, each comparing against the opponent. */
  readonly reasons: readonly string[];
}

/**
 * A candidate that a capability filter removed before ranking.
 * @category Models
 */
export interface FilteredCandidateExplanation {
  /** Provider name. */
  readonly provider: string;
  /** Candidate source. */
  readonly source: CandidateSource;
  /** Why it was removed: a capability filter, or an open circuit breaker. */
  readonly cause: 'capabilities' | 'unhealthy';
  /** Requested capabilities the candidate lacks (empty when removed as unhealthy). */
  readonly missingCapabilities: readonly string[];
  /** Why it was removed. */
  readonly reason: string;
}

/**
 * Everything `explain(domain, key, request)` reports.
 * @category Models
 */
export interface Explanation {
  /** The domain explained. */
  readonly domain: Domain;
  /** The key explained. */
  readonly key: string;
  /** Requested capabilities (normalised) and whether all were required. */
  readonly request: { readonly capabilities: readonly string[]; readonly requireAll: boolean };
  /** The configured selection for the key, or null. */
  readonly selection: string | null;
  /** True when a selection names a provider that is not registered (it is then ignored). */
  readonly selectionUnmatched: boolean;
  /** Provider of the winner, or null when nothing qualifies. */
  readonly winner: string | null;
  /** Every remaining candidate, best first. */
  readonly ranked: readonly RankedCandidateExplanation[];
  /** Candidates removed before ranking: by the capability filter or as unhealthy. */
  readonly filtered: readonly FilteredCandidateExplanation[];
}
