// Test helper: builds candidate inputs (`adapter`/`cache`, priority 10) for registry and resolver specs.
import type { CandidateInput } from '../models/candidateInput.js';

/**
 * A registration input of key `adapter`/`cache` for `provider`, with priority 10 and a fresh
 * empty class as factory. `overrides` replace any field.
 *
 * @param provider - The provider name.
 * @param overrides - Fields to set instead of the defaults.
 * @returns A new candidate input.
 */
export function candidateInput(provider: string, overrides: Partial<CandidateInput> = {}): CandidateInput {
  return { domain: 'adapter', key: 'cache', provider, priority: 10, factory: { kind: 'class', target: class {} }, ...overrides };
}
