/** Computes a candidate's value on each precedence tier. */
import type { Candidate } from '../models/candidate.js';
import type { CandidateScore } from '../models/candidateScore.js';

/**
 * Scores one candidate.
 * @param candidate - the candidate
 * @param selection - the provider the key's selection names, if any
 * @param requestedCapabilities - normalised requested capabilities
 */
export function scoreCandidate(
  candidate: Candidate,
  selection: string | undefined,
  requestedCapabilities: readonly string[],
): CandidateScore {
  return {
    selection: selection !== undefined && candidate.provider === selection ? 1 : 0,
    capabilities: countMatchedCapabilities(candidate, requestedCapabilities),
    priority: candidate.priority,
    stackLevel: candidate.stackLevel,
    registration: candidate.sequence,
  };
}

/** Number of requested capabilities the candidate has. */
export function countMatchedCapabilities(candidate: Candidate, requestedCapabilities: readonly string[]): number {
  let matched = 0;
  for (const capability of requestedCapabilities) {
    if (candidate.capabilities.includes(capability)) {
      matched += 1;
    }
  }
  return matched;
}
