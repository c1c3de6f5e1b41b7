import type { Candidate } from '../models/candidate.js';
import { candidate as makeCandidate } from '../testing/candidate.js';
import { countMatchedCapabilities, scoreCandidate } from './scoreCandidate.js';

/** A `redis` candidate with sequence 1, unless `overrides` say otherwise. */
function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return makeCandidate('redis', { sequence: 1, ...overrides });
}

describe('scoreCandidate()', () => {
  describe('having a selection naming the candidate', () => {
    it('scores 1 on the selection tier', () => {
      expect(scoreCandidate(candidate({ provider: 'redis' }), 'redis', []).selection).toBe(1);
    });
  });

  describe('having a selection naming another provider', () => {
    it('scores 0 on the selection tier', () => {
      expect(scoreCandidate(candidate({ provider: 'redis' }), 'memory', []).selection).toBe(0);
    });
  });

  describe('having no selection', () => {
    it('scores 0 on the selection tier', () => {
      expect(scoreCandidate(candidate({ provider: 'redis' }), undefined, []).selection).toBe(0);
    });
  });

  describe('having priority, stack level and sequence', () => {
    it('copies them to the priority, stackLevel and registration tiers', () => {
      const score = scoreCandidate(candidate({ priority: -7, stackLevel: 3, sequence: 42 }), undefined, []);
      expect(score).toEqual({ selection: 0, capabilities: 0, priority: -7, stackLevel: 3, registration: 42 });
    });

    it('keeps an explicit priority of 0', () => {
      expect(scoreCandidate(candidate({ priority: 0 }), undefined, []).priority).toBe(0);
    });
  });

  describe('having requested capabilities', () => {
    it('counts how many of them the candidate has', () => {
      const score = scoreCandidate(candidate({ capabilities: ['read', 'ttl', 'write'] }), undefined, ['read', 'stream', 'write']);
      expect(score.capabilities).toBe(2);
    });
  });
});

describe('countMatchedCapabilities()', () => {
  describe('having no requested capabilities', () => {
    it('returns 0 even for a candidate with capabilities', () => {
      expect(countMatchedCapabilities(candidate({ capabilities: ['read'] }), [])).toBe(0);
    });
  });

  describe('having requested capabilities the candidate lacks', () => {
    it('returns 0', () => {
      expect(countMatchedCapabilities(candidate({ capabilities: ['read'] }), ['write'])).toBe(0);
    });
  });

  describe('having every requested capability', () => {
    it('returns the number requested', () => {
      expect(countMatchedCapabilities(candidate({ capabilities: ['a', 'b', 'c'] }), ['a', 'c'])).toBe(2);
    });
  });
});
