import type { Candidate } from '../models/candidate.js';
import { candidate } from '../testing/candidate.js';
import { pickWinner } from './pickWinner.js';
import { rankCandidates } from './rankCandidates.js';

describe('pickWinner()', () => {
  describe('having no candidates', () => {
    it('returns undefined', () => {
      expect(pickWinner([], undefined)).toBeUndefined();
      expect(pickWinner([], 'redis', ['ttl'], false)).toBeUndefined();
    });
  });

  describe('having candidates and no request', () => {
    it('returns the first candidate of the ranking', () => {
      const a = candidate('a', { priority: 5, stackLevel: 1 });
      const b = candidate('b', { priority: 5, stackLevel: 3 });
      const c = candidate('c', { priority: 4, stackLevel: 9 });
      expect(pickWinner([a, b, c], undefined)).toBe(b);
      expect(pickWinner([a, b, c], undefined)).toBe(rankCandidates([a, b, c], undefined, [], true).ranked[0]?.candidate);
    });

    it('returns the later registration on a full tie, whatever the input order', () => {
      const first = candidate('first');
      const second = candidate('second');
      expect(pickWinner([first, second], undefined)).toBe(second);
      expect(pickWinner([second, first], undefined)).toBe(second);
    });
  });

  describe('having a selection', () => {
    it('returns the selected candidate', () => {
      const redis = candidate('redis', { priority: 100 });
      const memory = candidate('memory', { priority: 1 });
      expect(pickWinner([redis, memory], 'memory')).toBe(memory);
    });

    it('falls back to precedence when the selection names no candidate', () => {
      const redis = candidate('redis', { priority: 100 });
      const memory = candidate('memory', { priority: 1 });
      expect(pickWinner([redis, memory], 'ghost')).toBe(redis);
    });
  });

  describe('having requested capabilities', () => {
    it('uses requireAll true by default', () => {
      const readOnly = candidate('readOnly', { priority: 100, capabilities: ['read'] });
      const both = candidate('both', { priority: 1, capabilities: ['read', 'write'] });
      expect(pickWinner([readOnly, both], undefined, ['read', 'write'])).toBe(both);
    });

    it('returns undefined when every candidate is filtered out', () => {
      const readOnly = candidate('readOnly', { capabilities: ['read'] });
      expect(pickWinner([readOnly], undefined, ['write'], true)).toBeUndefined();
      expect(pickWinner([readOnly], 'readOnly', ['write'], false)).toBeUndefined();
    });

    it('prefers more matched capabilities over priority with requireAll false', () => {
      const one = candidate('one', { priority: 100, capabilities: ['read'] });
      const both = candidate('both', { priority: 1, capabilities: ['read', 'write'] });
      expect(pickWinner([one, both], undefined, ['read', 'write'], false)).toBe(both);
    });
  });

  describe('having a non-array iterable', () => {
    it('accepts a generator and a Map view', () => {
      const a = candidate('a', { priority: 1 });
      const b = candidate('b', { priority: 2 });
      function* both(): Generator<Candidate> {
        yield a;
        yield b;
      }
      expect(pickWinner(both(), undefined)).toBe(b);
      expect(pickWinner(new Map([['a', a], ['b', b]]).values(), undefined, ['x'], false)).toBeUndefined();
      expect(pickWinner(new Map([['a', a], ['b', b]]).values(), 'a')).toBe(a);
    });
  });
});
