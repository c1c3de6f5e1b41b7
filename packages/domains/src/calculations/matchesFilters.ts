/** Decides whether an envelope meets every filter of a handler (a pure calculation). */
import type { EventEnvelope } from '../models/eventEnvelope.js';
import type { EventFilter } from '../models/eventFilter.js';
import { compileFilters } from './compileFilters.js';

/**
 * True when every filter holds; see {@link compileFilters} for the rules. Dispatch uses the
 * compiled form, prepared once per handler.
 * @category Calculations
 */
export function matchesFilters(envelope: EventEnvelope, filters: readonly EventFilter[]): boolean {
  return compileFilters(filters)(envelope);
}
