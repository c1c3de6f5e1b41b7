/** Turns a handler's filters into one predicate over envelopes, prepared once (a pure calculation). */
import type { EventEnvelope } from '../models/eventEnvelope.js';
import type { EventFilter } from '../models/eventFilter.js';
import { compileEnvelopePath } from './compileEnvelopePath.js';

/**
 * A predicate true when every filter holds (no filters: always true). `equals` and `anyOf`
 * compare with strict equality and never match an absent path; `exists: false` matches only
 * an absent path. A scalar `anyOf` is read as a one-element list. A filter without a string
 * path is ignored, as in the original.
 * @category Calculations
 */
export function compileFilters(filters: readonly EventFilter[]): (envelope: EventEnvelope) => boolean {
  const checks = filters
    .filter((filter) => typeof filter.path === 'string' && filter.path !== '')
    .map((filter) => {
      const read = compileEnvelopePath(filter.path);
      const { equals, exists } = filter;
      // A scalar any-of (`anyOf: 'pro'`) means a one-element list, never a substring search.
      const declared = filter.anyOf as unknown;
      const anyOf = declared === undefined ? undefined : Array.isArray(declared) ? declared as readonly unknown[] : [declared];
      return (envelope: EventEnvelope): boolean => {
        const value = read(envelope);
        const isPresent = value !== compileEnvelopePath.missing;
        if (exists !== undefined && exists !== isPresent) {
          return false;
        }
        if (equals !== undefined && (!isPresent || value !== equals)) {
          return false;
        }
        return anyOf === undefined || (isPresent && anyOf.includes(value));
      };
    });
  if (checks.length === 0) {
    return () => true;
  }
  return (envelope) => {
    for (const check of checks) {
      if (!check(envelope)) {
        return false;
      }
    }
    return true;
  };
}
