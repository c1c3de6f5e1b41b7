// The stable JSON shape of one provider in `oneiric list --json`, and how a candidate becomes one.
import type { Candidate, CandidateSource } from '@oneiric/core';

/**
 * One candidate as `oneiric list --json` prints it. Field names are part of the CLI's public
 * output and do not change.
 */
export interface ListEntry {
  /** The key (`cache`). */
  readonly key: string;
  /** The provider (`redis`). */
  readonly provider: string;
  /** Tier 3 of precedence. */
  readonly priority: number;
  /** Tier 4 of precedence. */
  readonly stackLevel: number;
  /** Where the candidate came from. */
  readonly source: CandidateSource;
  /** Capability names, sorted. */
  readonly capabilities: readonly string[];
  /** One-line description, when the provider declares one. */
  readonly description?: string;
  /**
   * True when the key's configured selection names this candidate (the meaning `selected` also
   * has in `explain --json`). False for winners that won on precedence alone.
   */
  readonly selected: boolean;
  /** From a runtime only: whether this provider's instance is the key's live one there. */
  readonly live?: boolean;
}

/** The {@link ListEntry} of a candidate; `selected` as defined there. */
export function listEntry(candidate: Candidate, selected: boolean): ListEntry {
  return {
    key: candidate.key,
    provider: candidate.provider,
    priority: candidate.priority,
    stackLevel: candidate.stackLevel,
    source: candidate.source,
    capabilities: [...candidate.capabilities],
    ...(candidate.description === undefined ? {} : { description: candidate.description }),
    selected,
  };
}
