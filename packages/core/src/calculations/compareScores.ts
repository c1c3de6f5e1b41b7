/** Lexicographic comparison of two scores over the five tiers, in precedence order. */
import { PRECEDENCE_TIERS, type CandidateScore, type PrecedenceTier } from '../models/candidateScore.js';

/** Result of comparing two scores: which tier decided and in whose favour. */
export interface ScoreComparison {
  /** The first tier on which the scores differ, or null when they are equal on every tier. */
  readonly tier: PrecedenceTier | null;
  /** Positive when the first score ranks higher, negative when lower, 0 when equal. */
  readonly order: number;
}

/** Compares `a` with `b`: positive when `a` wins. Registration sequences are unique, so ties never reach 0 among registered candidates. */
export function compareScores(a: CandidateScore, b: CandidateScore): ScoreComparison {
  for (const tier of PRECEDENCE_TIERS) {
    const difference = a[tier] - b[tier];
    if (difference !== 0) {
      return { tier, order: difference };
    }
  }
  return { tier: null, order: 0 };
}

/** Sort comparator placing the higher-ranked score first. */
export function byRankDescending(a: CandidateScore, b: CandidateScore): number {
  return compareScores(b, a).order;
}
