// The explanation as the CLI prints it: `selected` means what it means in `list --json`.
import type { Explanation, RankedCandidateExplanation } from '@oneiric/core';

/** One ranked candidate in `explain --json`. */
export interface RankedCandidateReport extends Omit<RankedCandidateExplanation, 'selected'> {
  /** True when the configured selection names this candidate, as in `list --json`. */
  readonly selected: boolean;
  /** True for the winner (rank 1) only. */
  readonly winner: boolean;
}

/** The document `explain --json` prints: core's {@link Explanation} with unambiguous flags. */
export interface ExplanationReport extends Omit<Explanation, 'ranked'> {
  /** Every remaining candidate, best first. */
  readonly ranked: readonly RankedCandidateReport[];
}

/**
 * Core's explanation marks the winner `selected`, while `list --json` says `selected` when the
 * configured selection names a candidate; one word meant two things. In the CLI's output
 * `selected` always means the latter and `winner` marks rank 1. A pure calculation.
 */
export function explanationReport(explanation: Explanation): ExplanationReport {
  const chosen = explanation.selectionUnmatched ? null : explanation.selection;
  return {
    ...explanation,
    ranked: explanation.ranked.map((entry) => ({
      ...entry,
      selected: chosen !== null && entry.provider === chosen,
      winner: explanation.winner !== null && entry.rank === 1,
    })),
  };
}
