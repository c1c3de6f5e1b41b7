import type { Candidate } from '../models/candidate.js';
import { candidate as makeCandidate } from '../testing/candidate.js';
import { filterByCapabilities } from './filterByCapabilities.js';

/** A candidate with the given capabilities, all registered with sequence 1. */
function candidate(provider: string, capabilities: readonly string[]): Candidate {
  return makeCandidate(provider, { capabilities, sequence: 1 });
}

const full = candidate('full', ['read', 'ttl', 'write']);
const readOnly = candidate('readOnly', ['read']);
const bare = candidate('bare', []);
const writeOnly = candidate('writeOnly', ['write']);

describe('filterByCapabilities()', () => {
  describe('having no requested capabilities', () => {
    it.each([true, false])('keeps every candidate and removes none (requireAll %s)', (requireAll) => {
      const result = filterByCapabilities([full, readOnly, bare], [], requireAll);
      expect(result.kept).toEqual([full, readOnly, bare]);
      expect(result.removed).toEqual([]);
    });
  });

  describe('having no candidates', () => {
    it('keeps and removes nothing', () => {
      expect(filterByCapabilities([], ['read'], true)).toEqual({ kept: [], removed: [] });
    });
  });

  describe('having requireAll true', () => {
    it('keeps only candidates with every requested capability, in input order', () => {
      const result = filterByCapabilities([readOnly, full, bare, writeOnly], ['read', 'write'], true);
      expect(result.kept).toEqual([full]);
    });

    it('removes the others, in input order, with the capabilities each lacks in request order', () => {
      const result = filterByCapabilities([readOnly, full, bare, writeOnly], ['read', 'write'], true);
      expect(result.removed).toEqual([
        { candidate: readOnly, missingCapabilities: ['write'] },
        { candidate: bare, missingCapabilities: ['read', 'write'] },
        { candidate: writeOnly, missingCapabilities: ['read'] },
      ]);
    });
  });

  describe('having requireAll false', () => {
    it('keeps candidates with at least one requested capability, in input order', () => {
      const result = filterByCapabilities([readOnly, full, bare, writeOnly], ['read', 'write'], false);
      expect(result.kept).toEqual([readOnly, full, writeOnly]);
    });

    it('removes only candidates that match none, listing every requested capability as missing', () => {
      const result = filterByCapabilities([readOnly, full, bare, writeOnly], ['read', 'write'], false);
      expect(result.removed).toEqual([{ candidate: bare, missingCapabilities: ['read', 'write'] }]);
    });
  });

  describe('having an input array', () => {
    it('does not modify it', () => {
      const candidates = [readOnly, full, bare];
      filterByCapabilities(candidates, ['write'], true);
      expect(candidates).toEqual([readOnly, full, bare]);
    });
  });
});
