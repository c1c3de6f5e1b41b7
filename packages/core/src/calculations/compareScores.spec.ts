import type { CandidateScore, PrecedenceTier } from '../models/candidateScore.js';
import { byRankDescending, compareScores } from './compareScores.js';

function score(overrides: Partial<CandidateScore> = {}): CandidateScore {
  return { selection: 0, capabilities: 0, priority: 0, stackLevel: 0, registration: 0, ...overrides };
}

describe('compareScores()', () => {
  describe('having equal scores', () => {
    it('returns a null tier and order 0', () => {
      expect(compareScores(score({ priority: 5 }), score({ priority: 5 }))).toEqual({ tier: null, order: 0 });
    });
  });

  describe('having scores that differ on exactly one tier', () => {
    const tiers: readonly PrecedenceTier[] = ['selection', 'capabilities', 'priority', 'stackLevel', 'registration'];

    it.each(tiers)('names %s as the deciding tier, positive for the higher score', (tier) => {
      const higher = score({ [tier]: 1 });
      const lower = score();
      const forward = compareScores(higher, lower);
      const backward = compareScores(lower, higher);
      expect(forward.tier).toBe(tier);
      expect(forward.order).toBeGreaterThan(0);
      expect(backward.tier).toBe(tier);
      expect(backward.order).toBeLessThan(0);
    });
  });

  describe('having scores that differ on several tiers', () => {
    it('lets selection beat every later tier', () => {
      const selected = score({ selection: 1 });
      const strong = score({ capabilities: 9, priority: 1000, stackLevel: 1000, registration: 1000 });
      expect(compareScores(selected, strong)).toEqual({ tier: 'selection', order: 1 });
    });

    it('lets capabilities beat priority', () => {
      expect(compareScores(score({ capabilities: 2, priority: 1 }), score({ capabilities: 1, priority: 100 })).tier).toBe('capabilities');
    });

    it('lets priority beat stack level', () => {
      const comparison = compareScores(score({ priority: 50, stackLevel: 1 }), score({ priority: 1, stackLevel: 100 }));
      expect(comparison.tier).toBe('priority');
      expect(comparison.order).toBeGreaterThan(0);
    });

    it('lets stack level beat registration order', () => {
      const comparison = compareScores(score({ stackLevel: 100, registration: 1 }), score({ stackLevel: 1, registration: 2 }));
      expect(comparison.tier).toBe('stackLevel');
      expect(comparison.order).toBeGreaterThan(0);
    });
  });

  describe('having negative and extreme safe-integer priorities', () => {
    it('orders them by value', () => {
      expect(compareScores(score({ priority: -1 }), score({ priority: -2 })).order).toBeGreaterThan(0);
      expect(compareScores(score({ priority: Number.MAX_SAFE_INTEGER }), score({ priority: Number.MIN_SAFE_INTEGER })).order).toBeGreaterThan(0);
      expect(compareScores(score({ priority: Number.MIN_SAFE_INTEGER }), score({ priority: Number.MAX_SAFE_INTEGER })).order).toBeLessThan(0);
    });
  });
});

describe('byRankDescending()', () => {
  describe('having scores in any order', () => {
    it('sorts the higher-ranked score first', () => {
      const low = score({ priority: 1 });
      const middle = score({ priority: 1, stackLevel: 5 });
      const high = score({ priority: 2 });
      expect([low, high, middle].sort(byRankDescending)).toEqual([high, middle, low]);
    });
  });

  describe('having equal scores', () => {
    it('returns 0', () => {
      expect(byRankDescending(score(), score())).toBe(0);
    });
  });
});
