import type { Candidate } from '../models/candidate.js';
import { candidate } from '../testing/candidate.js';
import { compareScores } from './compareScores.js';
import { rankCandidates } from './rankCandidates.js';

function providers(ranked: readonly { readonly candidate: Candidate }[]): string[] {
  return ranked.map((entry) => entry.candidate.provider);
}

describe('rankCandidates()', () => {
  describe('having no candidates', () => {
    it('ranks and removes nothing', () => {
      expect(rankCandidates([], undefined, [], true)).toEqual({ ranked: [], removed: [] });
      expect(rankCandidates([], 'redis', ['ttl'], false)).toEqual({ ranked: [], removed: [] });
    });
  });

  describe('having a selection', () => {
    it('ranks the selected provider first even with lower priority and stack level', () => {
      // Reference 17.2: selection memcached (p1/s1) beats redis (p100/s50).
      const memcached = candidate('memcached', { priority: 1, stackLevel: 1 });
      const redis = candidate('redis', { priority: 100, stackLevel: 50 });
      const ranking = rankCandidates([redis, memcached], 'memcached', [], true);
      expect(providers(ranking.ranked)).toEqual(['memcached', 'redis']);
      expect(ranking.ranked[0]?.score.selection).toBe(1);
    });

    it('ignores a selection naming no candidate', () => {
      const low = candidate('low', { priority: 1 });
      const high = candidate('high', { priority: 2 });
      expect(providers(rankCandidates([low, high], 'ghost', [], true).ranked)).toEqual(['high', 'low']);
    });

    it('ranks the selected provider above one matching more capabilities', () => {
      const selected = candidate('selected', { capabilities: ['read'] });
      const capable = candidate('capable', { capabilities: ['read', 'write'], priority: 100 });
      const ranking = rankCandidates([selected, capable], 'selected', ['read', 'write'], false);
      expect(providers(ranking.ranked)).toEqual(['selected', 'capable']);
    });
  });

  describe('having different priorities and stack levels', () => {
    it('ranks the higher priority first even with a lower stack level', () => {
      // Reference 17.3: p50/s1 beats p1/s100.
      const p1s100 = candidate('p1s100', { priority: 1, stackLevel: 100 });
      const p50s1 = candidate('p50s1', { priority: 50, stackLevel: 1 });
      expect(providers(rankCandidates([p1s100, p50s1], undefined, [], true).ranked)).toEqual(['p50s1', 'p1s100']);
    });

    it('ranks the higher stack level first when priorities are equal, even if registered earlier', () => {
      const s100 = candidate('s100', { priority: 5, stackLevel: 100 });
      const s1 = candidate('s1', { priority: 5, stackLevel: 1 });
      expect(providers(rankCandidates([s100, s1], undefined, [], true).ranked)).toEqual(['s100', 's1']);
    });

    it('orders negative priorities below 0', () => {
      const negative = candidate('negative', { priority: -10 });
      const zero = candidate('zero', { priority: 0 });
      expect(providers(rankCandidates([zero, negative], undefined, [], true).ranked)).toEqual(['zero', 'negative']);
    });
  });

  describe('having equal priority and stack level', () => {
    it('ranks the later registration first, whatever the input order', () => {
      // Reference 17.4.
      const first = candidate('first', { priority: 5, stackLevel: 2 });
      const second = candidate('second', { priority: 5, stackLevel: 2 });
      expect(providers(rankCandidates([first, second], undefined, [], true).ranked)).toEqual(['second', 'first']);
      expect(providers(rankCandidates([second, first], undefined, [], true).ranked)).toEqual(['second', 'first']);
    });
  });

  describe('having requested capabilities with requireAll true', () => {
    it('drops candidates missing one and ranks the rest', () => {
      // Reference 17.8: requiring "write", p1{read,write} beats p100{read}.
      const capable = candidate('capable', { priority: 1, capabilities: ['read', 'write'] });
      const strong = candidate('strong', { priority: 100, capabilities: ['read'] });
      const ranking = rankCandidates([strong, capable], undefined, ['write'], true);
      expect(providers(ranking.ranked)).toEqual(['capable']);
      expect(ranking.removed).toEqual([{ candidate: strong, missingCapabilities: ['write'] }]);
    });

    it('ranks nothing when no candidate has them all', () => {
      const a = candidate('a', { capabilities: ['read'] });
      const b = candidate('b', { capabilities: ['write'] });
      const ranking = rankCandidates([a, b], undefined, ['read', 'write'], true);
      expect(ranking.ranked).toEqual([]);
      expect(ranking.removed.map((entry) => entry.candidate.provider)).toEqual(['a', 'b']);
    });
  });

  describe('having requested capabilities with requireAll false', () => {
    it('ranks more matched capabilities above higher priority and drops candidates matching none', () => {
      // Reference 17.8: require_all=false prefers more matches over priority.
      const both = candidate('both', { priority: 1, capabilities: ['read', 'write'] });
      const one = candidate('one', { priority: 100, capabilities: ['read'] });
      const none = candidate('none', { priority: 1000, capabilities: ['stream'] });
      const ranking = rankCandidates([one, none, both], undefined, ['read', 'write'], false);
      expect(providers(ranking.ranked)).toEqual(['both', 'one']);
      expect(ranking.ranked.map((entry) => entry.score.capabilities)).toEqual([2, 1]);
      expect(ranking.removed).toEqual([{ candidate: none, missingCapabilities: ['read', 'write'] }]);
    });

    it('falls back to priority between candidates matching as many', () => {
      const low = candidate('low', { priority: 1, capabilities: ['read'] });
      const high = candidate('high', { priority: 2, capabilities: ['write'] });
      expect(providers(rankCandidates([low, high], undefined, ['read', 'write'], false).ranked)).toEqual(['high', 'low']);
    });
  });

  describe('having no requested capabilities', () => {
    it('scores every candidate 0 on capabilities, whatever it declares', () => {
      const rich = candidate('rich', { capabilities: ['a', 'b', 'c'] });
      const ranking = rankCandidates([rich], undefined, [], true);
      expect(ranking.ranked[0]?.score.capabilities).toBe(0);
    });
  });

  describe('having 1000 candidates with stack levels 0..999', () => {
    it('ranks provider-999 first and the rest in strictly decreasing order', () => {
      // Reference 17.12; registered in an interleaved order so input order cannot decide.
      const candidates = Array.from({ length: 1000 }, (_, index) => {
        const level = (index * 617) % 1000;
        return candidate(`provider-${level}`, { stackLevel: level, priority: 10 });
      });
      const ranking = rankCandidates(candidates, undefined, [], true);
      expect(ranking.ranked).toHaveLength(1000);
      expect(ranking.ranked[0]?.candidate.provider).toBe('provider-999');
      expect(ranking.ranked.at(-1)?.candidate.provider).toBe('provider-0');
      for (let index = 1; index < ranking.ranked.length; index += 1) {
        const previous = ranking.ranked[index - 1];
        const current = ranking.ranked[index];
        if (previous === undefined || current === undefined) {
          throw new Error('ranking has holes');
        }
        expect(compareScores(previous.score, current.score).order).toBeGreaterThan(0);
      }
    });
  });

  describe('having an input array', () => {
    it('does not modify it', () => {
      const low = candidate('low', { priority: 1 });
      const high = candidate('high', { priority: 2 });
      const input = [low, high];
      rankCandidates(input, undefined, [], true);
      expect(input).toEqual([low, high]);
    });
  });
});
