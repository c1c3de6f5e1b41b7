// Test helper: builds registered candidates (`adapter`/`cache`, neutral tiers) for ranking and resolution specs.
import type { Candidate } from '../models/candidate.js';

let sequence = 0;

/**
 * A candidate of key `adapter`/`cache` for `provider`, registered after every previous call:
 * its sequence is the next one of a counter local to the test file (Jest loads this module
 * afresh for each spec file). Priority and stack level are 0, there are no capabilities, the
 * source is `local`, and the factory is a fresh empty class. `overrides` replace any field,
 * including `sequence`.
 *
 * @param provider - The provider name.
 * @param overrides - Fields to set instead of the defaults.
 * @returns A new candidate.
 */
export function candidate(provider: string, overrides: Partial<Candidate> = {}): Candidate {
  sequence += 1;
  return {
    domain: 'adapter',
    key: 'cache',
    provider,
    priority: 0,
    stackLevel: 0,
    capabilities: [],
    source: 'local',
    sequence,
    registeredAt: '2026-01-01T00:00:00.000Z',
    factory: { kind: 'class', target: class {} },
    metadata: {},
    ...overrides,
  };
}
