/** A change of one key's candidates, as the registry reports it to listeners. */
import type { Candidate } from './candidate.js';

/** `added`: a new candidate; `replaced`: same identity registered again; `removed`: unregistered. */
export interface RegistryChange {
  /** What happened. */
  readonly type: 'added' | 'replaced' | 'removed';
  /** The candidate added, the new version of a replaced one, or the removed one. */
  readonly candidate: Candidate;
  /** For `replaced`, the entry that was replaced. */
  readonly previous?: Candidate;
}
