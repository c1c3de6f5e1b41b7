/** Turns a key's pause/drain state into the error that refuses new work, if any (a pure calculation). */
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { ActivityState } from '../models/activityState.js';

/**
 * The error refusing new work on `domain:key` in `state`, or undefined when work is accepted.
 * @category Calculations
 */
export function refusalFor(domain: string, key: string, state: ActivityState | undefined): DomainError | undefined {
  if (state === undefined || (!state.paused && !state.draining)) {
    return undefined;
  }
  const kind = state.paused && state.draining ? DomainErrorKind.pausedAndDraining : state.paused ? DomainErrorKind.paused : DomainErrorKind.draining;
  const what = state.paused && state.draining ? 'paused and draining' : state.paused ? 'paused' : 'draining';
  const note = state.note === null ? '' : ` (note: ${state.note})`;
  return new DomainError(kind, `${domain}:${key} is ${what}${note}`, { domain, key });
}
