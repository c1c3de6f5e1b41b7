/** Splits candidates into those a capability request keeps and those it removes. */
import type { Candidate } from '../models/candidate.js';

/** A candidate removed by the filter, with what it lacks. */
export interface RemovedCandidate {
  /** The removed candidate. */
  readonly candidate: Candidate;
  /** Requested capabilities it does not have. */
  readonly missingCapabilities: readonly string[];
}

/** Outcome of filtering. */
export interface CapabilityFilterResult {
  /** Candidates that qualify, in input order. */
  readonly kept: readonly Candidate[];
  /** Candidates that do not, in input order. */
  readonly removed: readonly RemovedCandidate[];
}

/**
 * With `requireAll`, a candidate must have every requested capability; without, at least one.
 * No requested capabilities keeps everything.
 */
export function filterByCapabilities(
  candidates: readonly Candidate[],
  requestedCapabilities: readonly string[],
  requireAll: boolean,
): CapabilityFilterResult {
  if (requestedCapabilities.length === 0) {
    return { kept: candidates, removed: [] };
  }
  const kept: Candidate[] = [];
  const removed: RemovedCandidate[] = [];
  for (const candidate of candidates) {
    const missing = requestedCapabilities.filter((capability) => !candidate.capabilities.includes(capability));
    const qualifies = requireAll ? missing.length === 0 : missing.length < requestedCapabilities.length;
    if (qualifies) {
      kept.push(candidate);
    } else {
      removed.push({ candidate, missingCapabilities: missing });
    }
  }
  return { kept, removed };
}
