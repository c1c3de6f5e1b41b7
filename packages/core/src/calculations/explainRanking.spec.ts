import type { Candidate } from '../models/candidate.js';
import type { Explanation } from '../models/explanation.js';
import { candidate } from '../testing/candidate.js';
import { explainRanking, type ExplainContext } from './explainRanking.js';
import { rankCandidates } from './rankCandidates.js';

/** Ranks and explains like the resolver does, from plain inputs. */
function explain(
  candidates: readonly Candidate[],
  options: { selection?: string; capabilities?: readonly string[]; requireAll?: boolean } = {},
): Explanation {
  const capabilities = options.capabilities ?? [];
  const requireAll = options.requireAll ?? true;
  const context: ExplainContext = {
    domain: 'adapter',
    key: 'cache',
    selection: options.selection,
    selectionUnmatched: options.selection !== undefined && !candidates.some((c) => c.provider === options.selection),
    requestedCapabilities: capabilities,
    requireAll,
  };
  return explainRanking(rankCandidates(candidates, options.selection, capabilities, requireAll), context);
}

function entry(explanation: Explanation, provider: string): Explanation['ranked'][number] {
  const found = explanation.ranked.find((ranked) => ranked.provider === provider);
  if (found === undefined) {
    throw new Error(`${provider} is not ranked`);
  }
  return found;
}

describe('explainRanking()', () => {
  describe('having no candidates', () => {
    it('reports no winner, nothing ranked and nothing filtered', () => {
      expect(explain([])).toEqual({
        domain: 'adapter',
        key: 'cache',
        request: { capabilities: [], requireAll: true },
        selection: null,
        selectionUnmatched: false,
        winner: null,
        ranked: [],
        filtered: [],
      });
    });
  });

  describe('having a single candidate', () => {
    it('selects it with a null decidedBy, "only candidate" and one reason per tier', () => {
      // Reference 17.9: priority 42, stack level 7, first registration.
      const only = candidate('only', { priority: 42, stackLevel: 7 });
      const explanation = explain([only]);
      expect(explanation.winner).toBe('only');
      expect(explanation.ranked).toEqual([
        {
          rank: 1,
          provider: 'only',
          source: 'local',
          score: { selection: 0, capabilities: 0, priority: 42, stackLevel: 7, registration: only.sequence },
          selected: true,
          decidedBy: null,
          summary: 'only candidate',
          reasons: [
            'no selection configured for this key',
            'no capabilities requested',
            'priority 42',
            'stack level 7',
            `registration #${only.sequence}`,
          ],
        },
      ]);
    });
  });

  describe('having candidates decided by priority', () => {
    const memory = candidate('memory', { priority: 100, stackLevel: 9 });
    const redis = candidate('redis', { priority: 400, stackLevel: 1 });
    const explanation = explain([memory, redis]);

    it('names the winner and selects only it', () => {
      expect(explanation.winner).toBe('redis');
      expect(explanation.ranked.map((ranked) => [ranked.rank, ranked.provider, ranked.selected])).toEqual([
        [1, 'redis', true],
        [2, 'memory', false],
      ]);
    });

    it('gives the winner a summary against the runner-up', () => {
      expect(entry(explanation, 'redis').decidedBy).toBe('priority');
      expect(entry(explanation, 'redis').summary).toBe('beat memory on priority 400 > 100');
    });

    it('gives the loser a summary against the winner', () => {
      expect(entry(explanation, 'memory').decidedBy).toBe('priority');
      expect(entry(explanation, 'memory').summary).toBe('lost to redis on priority 400 > 100');
    });

    it('compares each tier with the opponent in the reasons', () => {
      expect(entry(explanation, 'redis').reasons).toEqual([
        'no selection configured for this key',
        'no capabilities requested',
        'priority 400 > 100 of memory',
        'stack level 1 < 9 of memory',
        `registration #${redis.sequence}, after memory (#${memory.sequence})`,
      ]);
      expect(entry(explanation, 'memory').reasons).toEqual([
        'no selection configured for this key',
        'no capabilities requested',
        'priority 100 < 400 of redis',
        'stack level 9 > 1 of redis',
        `registration #${memory.sequence}, before redis (#${redis.sequence})`,
      ]);
    });
  });

  describe('having candidates decided by stack level', () => {
    it('names the stack level tier and its values', () => {
      const low = candidate('low', { priority: 5, stackLevel: 2 });
      const high = candidate('high', { priority: 5, stackLevel: 5 });
      const explanation = explain([low, high]);
      expect(entry(explanation, 'high').decidedBy).toBe('stackLevel');
      expect(entry(explanation, 'high').summary).toBe('beat low on stack level 5 > 2');
      expect(entry(explanation, 'low').summary).toBe('lost to high on stack level 5 > 2');
      expect(entry(explanation, 'low').reasons[2]).toBe('priority 5 = 5 of high');
    });
  });

  describe('having candidates decided by registration order', () => {
    it('names the registration tier with sequence numbers', () => {
      const first = candidate('first');
      const second = candidate('second');
      const explanation = explain([first, second]);
      expect(explanation.winner).toBe('second');
      expect(entry(explanation, 'second').decidedBy).toBe('registration');
      expect(entry(explanation, 'second').summary).toBe(`beat first on registration order #${second.sequence} > #${first.sequence}`);
      expect(entry(explanation, 'first').summary).toBe(`lost to second on registration order #${second.sequence} > #${first.sequence}`);
      expect(entry(explanation, 'first').reasons[4]).toBe(`registration #${first.sequence}, before second (#${second.sequence})`);
    });
  });

  describe('having candidates decided by capabilities', () => {
    it('reports matched counts out of the requested number', () => {
      const one = candidate('one', { priority: 100, capabilities: ['read'] });
      const both = candidate('both', { priority: 1, capabilities: ['read', 'write'] });
      const explanation = explain([one, both], { capabilities: ['read', 'write'], requireAll: false });
      expect(explanation.request).toEqual({ capabilities: ['read', 'write'], requireAll: false });
      expect(entry(explanation, 'both').decidedBy).toBe('capabilities');
      expect(entry(explanation, 'both').summary).toBe('beat one on capabilities 2 > 1');
      expect(entry(explanation, 'both').reasons[1]).toBe('capabilities 2/2 > 1/2 of one');
      expect(entry(explanation, 'one').summary).toBe('lost to both on capabilities 2 > 1');
      expect(entry(explanation, 'one').reasons[1]).toBe('capabilities 1/2 < 2/2 of both');
    });

    it('reports a lone candidate\'s count without an opponent', () => {
      const both = candidate('both', { capabilities: ['read', 'write'] });
      expect(explain([both], { capabilities: ['read', 'write'] }).ranked[0]?.reasons[1]).toBe('capabilities 2/2');
    });
  });

  describe('having a selection that matches a candidate', () => {
    const redis = candidate('redis', { priority: 100, stackLevel: 50 });
    const memcached = candidate('memcached', { priority: 1, stackLevel: 1 });
    const explanation = explain([redis, memcached], { selection: 'memcached' });

    it('reports the selection and that it matched', () => {
      expect(explanation.selection).toBe('memcached');
      expect(explanation.selectionUnmatched).toBe(false);
      expect(explanation.winner).toBe('memcached');
    });

    it('gives the selected winner the matched-selection reason and the others the preference reason', () => {
      expect(entry(explanation, 'memcached').reasons[0]).toBe('matched selection memcached');
      expect(entry(explanation, 'redis').reasons[0]).toBe('selection prefers memcached');
    });

    it('summarises a selection decision without numbers', () => {
      expect(entry(explanation, 'memcached').decidedBy).toBe('selection');
      expect(entry(explanation, 'memcached').summary).toBe('beat redis on selection (memcached is selected)');
      expect(entry(explanation, 'redis').decidedBy).toBe('selection');
      expect(entry(explanation, 'redis').summary).toBe('lost to memcached on selection (memcached is selected)');
    });
  });

  describe('having a selection that matches no candidate', () => {
    it('flags it as unmatched and says it is ignored in every ranked entry', () => {
      const redis = candidate('redis', { priority: 100 });
      const memory = candidate('memory', { priority: 1 });
      const explanation = explain([redis, memory], { selection: 'ghost' });
      expect(explanation.selection).toBe('ghost');
      expect(explanation.selectionUnmatched).toBe(true);
      expect(explanation.winner).toBe('redis');
      for (const ranked of explanation.ranked) {
        expect(ranked.reasons[0]).toBe('selection ghost is not registered, so it is ignored');
        expect(ranked.score.selection).toBe(0);
      }
    });
  });

  describe('having three or more candidates', () => {
    it('compares every loser with the winner, not with its neighbour', () => {
      const a = candidate('a', { priority: 300 });
      const b = candidate('b', { priority: 200, stackLevel: 5 });
      const c = candidate('c', { priority: 200, stackLevel: 1 });
      const explanation = explain([c, b, a]);
      expect(explanation.ranked.map((ranked) => ranked.provider)).toEqual(['a', 'b', 'c']);
      expect(explanation.ranked.map((ranked) => ranked.rank)).toEqual([1, 2, 3]);
      expect(explanation.ranked.map((ranked) => ranked.selected)).toEqual([true, false, false]);
      expect(entry(explanation, 'a').summary).toBe('beat b on priority 300 > 200');
      expect(entry(explanation, 'c').summary).toBe('lost to a on priority 300 > 200');
      expect(entry(explanation, 'c').reasons[3]).toBe('stack level 1 > 0 of a');
    });
  });

  describe('having candidates removed by the capability filter', () => {
    const full = candidate('full', { capabilities: ['read', 'ttl', 'write'] });
    const readOnly = candidate('readOnly', { capabilities: ['read'], source: 'plugin' });
    const bare = candidate('bare');

    it('lists them in filtered with what each lacks (requireAll true)', () => {
      const explanation = explain([full, readOnly, bare], { capabilities: ['ttl', 'write'] });
      expect(explanation.ranked.map((ranked) => ranked.provider)).toEqual(['full']);
      expect(explanation.filtered).toEqual([
        { provider: 'readOnly', source: 'plugin', cause: 'capabilities', missingCapabilities: ['ttl', 'write'], reason: 'missing required capabilities: ttl, write' },
        { provider: 'bare', source: 'local', cause: 'capabilities', missingCapabilities: ['ttl', 'write'], reason: 'missing required capabilities: ttl, write' },
      ]);
    });

    it('lists only candidates matching none, with the request in the reason (requireAll false)', () => {
      const explanation = explain([full, readOnly, bare], { capabilities: ['read', 'write'], requireAll: false });
      expect(explanation.ranked.map((ranked) => ranked.provider)).toEqual(['full', 'readOnly']);
      expect(explanation.filtered).toEqual([
        { provider: 'bare', source: 'local', cause: 'capabilities', missingCapabilities: ['read', 'write'], reason: 'has none of the requested capabilities: read, write' },
      ]);
    });

    it('reports no winner when every candidate is filtered', () => {
      const explanation = explain([readOnly, bare], { capabilities: ['write'] });
      expect(explanation.winner).toBeNull();
      expect(explanation.ranked).toEqual([]);
      expect(explanation.filtered.map((filtered) => filtered.provider)).toEqual(['readOnly', 'bare']);
    });
  });

  describe('having unhealthy candidates in the context', () => {
    it('lists them first in filtered, with cause unhealthy, no missing capabilities and the reason', () => {
      const healthy = candidate('healthy', { capabilities: ['read'] });
      const bare = candidate('bare');
      const ranking = rankCandidates([healthy, bare], undefined, ['read'], true);
      const explanation = explainRanking(ranking, {
        domain: 'adapter',
        key: 'cache',
        selection: undefined,
        selectionUnmatched: false,
        requestedCapabilities: ['read'],
        requireAll: true,
        unhealthy: [{ candidate: { provider: 'broken', source: 'plugin' }, reason: 'circuit open' }],
      });
      expect(explanation.winner).toBe('healthy');
      expect(explanation.filtered).toEqual([
        { provider: 'broken', source: 'plugin', cause: 'unhealthy', missingCapabilities: [], reason: 'unhealthy: circuit open' },
        { provider: 'bare', source: 'local', cause: 'capabilities', missingCapabilities: ['read'], reason: 'missing required capabilities: read' },
      ]);
    });
  });

  describe('having any explanation', () => {
    it('survives a JSON round trip unchanged', () => {
      const explanations = [
        explain([]),
        explain([candidate('only', { priority: 42, stackLevel: 7 })]),
        explain(
          [
            candidate('a', { priority: -3, capabilities: ['read'] }),
            candidate('b', { priority: 9, capabilities: ['read', 'write'], source: 'remote-manifest' }),
            candidate('c', { capabilities: ['stream'] }),
          ],
          { selection: 'a', capabilities: ['read', 'write'], requireAll: false },
        ),
        explain([candidate('x'), candidate('y')], { selection: 'ghost' }),
      ];
      for (const explanation of explanations) {
        expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
      }
    });
  });
});
