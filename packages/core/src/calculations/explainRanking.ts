/** Turns a ranking into the explanation users read: one reason per tier, against an opponent. */
import type { CandidateScore, PrecedenceTier } from '../models/candidateScore.js';
import type { Domain } from '../models/domain.js';
import type { Explanation, RankedCandidateExplanation } from '../models/explanation.js';
import { compareScores } from './compareScores.js';
import type { Ranking, ScoredCandidate } from './rankCandidates.js';

/** Inputs of an explanation besides the ranking. */
export interface ExplainContext {
  /** Domain explained. */
  readonly domain: Domain;
  /** Key explained. */
  readonly key: string;
  /** The key's configured selection, if any. */
  readonly selection: string | undefined;
  /** True when the selection names no registered candidate of the key. */
  readonly selectionUnmatched: boolean;
  /** Normalised requested capabilities. */
  readonly requestedCapabilities: readonly string[];
  /** Capability filter mode. */
  readonly requireAll: boolean;
  /** Candidates left out as unhealthy (open circuit breaker), with why. */
  readonly unhealthy?: ReadonlyArray<{ readonly candidate: { readonly provider: string; readonly source: RankedCandidateExplanation['source'] }; readonly reason: string }>;
}

/** Builds the explanation of a ranking; pure. */
export function explainRanking(ranking: Ranking, context: ExplainContext): Explanation {
  const winner = ranking.ranked[0];
  const runnerUp = ranking.ranked[1];
  const ranked = ranking.ranked.map((entry, index): RankedCandidateExplanation => {
    // The winner is compared with the runner-up; everyone else with the winner.
    const opponent = index === 0 ? runnerUp : winner;
    const decidedBy = opponent === undefined ? null : compareScores(entry.score, opponent.score).tier;
    return {
      rank: index + 1,
      provider: entry.candidate.provider,
      source: entry.candidate.source,
      score: entry.score,
      selected: index === 0,
      decidedBy,
      summary: summarise(entry, opponent, index === 0, decidedBy),
      reasons: tierReasons(entry, opponent, context),
    };
  });
  return {
    domain: context.domain,
    key: context.key,
    request: { capabilities: context.requestedCapabilities, requireAll: context.requireAll },
    selection: context.selection ?? null,
    selectionUnmatched: context.selectionUnmatched,
    winner: winner?.candidate.provider ?? null,
    ranked,
    filtered: [
      ...(context.unhealthy ?? []).map(({ candidate, reason }) => ({
        provider: candidate.provider,
        source: candidate.source,
        cause: 'unhealthy' as const,
        missingCapabilities: [],
        reason: `unhealthy: ${reason}`,
      })),
      ...ranking.removed.map(({ candidate, missingCapabilities }) => ({
        provider: candidate.provider,
        source: candidate.source,
        cause: 'capabilities' as const,
        missingCapabilities,
        reason: context.requireAll
          ? `missing required capabilities: ${missingCapabilities.join(', ')}`
          : `has none of the requested capabilities: ${context.requestedCapabilities.join(', ')}`,
      })),
    ],
  };
}

function summarise(
  entry: ScoredCandidate,
  opponent: ScoredCandidate | undefined,
  isWinner: boolean,
  decidedBy: PrecedenceTier | null,
): string {
  if (opponent === undefined || decidedBy === null) {
    return isWinner ? 'only candidate' : 'tied with the winner';
  }
  const [high, low] = isWinner ? [entry, opponent] : [opponent, entry];
  const versus = decidedBy === 'selection'
    ? `selection (${high.candidate.provider} is selected)`
    : `${tierLabel(decidedBy)} ${tierValue(decidedBy, high.score)} > ${tierValue(decidedBy, low.score)}`;
  return isWinner
    ? `beat ${opponent.candidate.provider} on ${versus}`
    : `lost to ${opponent.candidate.provider} on ${versus}`;
}

function tierReasons(entry: ScoredCandidate, opponent: ScoredCandidate | undefined, context: ExplainContext): string[] {
  return [
    selectionReason(entry, context),
    capabilityReason(entry, opponent, context),
    numericReason('priority', entry, opponent),
    numericReason('stackLevel', entry, opponent),
    registrationReason(entry, opponent),
  ];
}

function selectionReason(entry: ScoredCandidate, context: ExplainContext): string {
  if (context.selection === undefined) {
    return 'no selection configured for this key';
  }
  if (context.selectionUnmatched) {
    return `selection ${context.selection} is not registered, so it is ignored`;
  }
  return entry.score.selection === 1
    ? `matched selection ${context.selection}`
    : `selection prefers ${context.selection}`;
}

function capabilityReason(
  entry: ScoredCandidate,
  opponent: ScoredCandidate | undefined,
  context: ExplainContext,
): string {
  const requested = context.requestedCapabilities.length;
  if (requested === 0) {
    return 'no capabilities requested';
  }
  const own = `capabilities ${entry.score.capabilities}/${requested}`;
  return opponent === undefined
    ? own
    : `${own} ${relation(entry.score.capabilities, opponent.score.capabilities)} ${opponent.score.capabilities}/${requested} of ${opponent.candidate.provider}`;
}

function numericReason(tier: 'priority' | 'stackLevel', entry: ScoredCandidate, opponent: ScoredCandidate | undefined): string {
  const own = `${tierLabel(tier)} ${entry.score[tier]}`;
  return opponent === undefined
    ? own
    : `${own} ${relation(entry.score[tier], opponent.score[tier])} ${opponent.score[tier]} of ${opponent.candidate.provider}`;
}

function registrationReason(entry: ScoredCandidate, opponent: ScoredCandidate | undefined): string {
  const own = `registration #${entry.score.registration}`;
  if (opponent === undefined) {
    return own;
  }
  const when = entry.score.registration > opponent.score.registration ? 'after' : 'before';
  return `${own}, ${when} ${opponent.candidate.provider} (#${opponent.score.registration})`;
}

function relation(own: number, other: number): string {
  return own > other ? '>' : own < other ? '<' : '=';
}

function tierLabel(tier: PrecedenceTier): string {
  switch (tier) {
    case 'selection':
      return 'selection';
    case 'capabilities':
      return 'capabilities';
    case 'priority':
      return 'priority';
    case 'stackLevel':
      return 'stack level';
    case 'registration':
      return 'registration order';
  }
}

function tierValue(tier: PrecedenceTier, score: CandidateScore): string {
  return tier === 'registration' ? `#${score.registration}` : String(score[tier]);
}
