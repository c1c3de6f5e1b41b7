/** Tells a refusal of work (a paused or draining key) from a failure of the work (a pure calculation). */
import { isOneiricError } from '@oneiric/core';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';

const REFUSAL_KINDS: ReadonlySet<string> = new Set([DomainErrorKind.paused, DomainErrorKind.draining, DomainErrorKind.pausedAndDraining]);

/**
 * True when `error` says a key refused new work: an `AdmissionError` (from the application's
 * admission, also one thrown by another copy of core) or a DomainError `paused`, `draining` or
 * `pausedAndDraining` (from the activity store). A refusal is not retried: a paused key does
 * not open within a backoff delay.
 * @category Calculations
 */
export function isRefusal(error: unknown): boolean {
  if (!isOneiricError(error)) {
    return false;
  }
  return error.family === 'AdmissionError' || (error instanceof DomainError && REFUSAL_KINDS.has(error.kind));
}
