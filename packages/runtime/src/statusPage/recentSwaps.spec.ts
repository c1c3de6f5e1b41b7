import { Oneiric } from '@oneiric/core';
import { RecentSwaps } from './recentSwaps.js';

const failing = { kind: 'function' as const, build: () => ({ init: () => { throw new Error('password=hunter2 refused'); } }) };
const working = (word: string) => ({ kind: 'function' as const, build: () => ({ word }) });

describe('RecentSwaps', () => {
  describe('add and list', () => {
    it('lists newest first and keeps only the last `capacity` records', () => {
      let tick = 0;
      const swaps = new RecentSwaps(3, () => new Date(Date.UTC(2026, 11, 7, 14, 0, tick++)));
      for (const provider of ['a', 'b', 'c', 'd', 'e']) {
        swaps.add({ domain: 'adapter', key: 'cache', provider, previousProvider: null, outcome: 'swapped', durationMs: 1, errorKind: null });
      }
      expect(swaps.list().map((record) => `${record.provider}@${record.at.slice(17, 19)}`)).toEqual(['e@04', 'd@03', 'c@02']);
    });

    it('keeps at least one record whatever capacity it was given', () => {
      const swaps = new RecentSwaps(0);
      swaps.add({ domain: 'adapter', key: 'cache', provider: 'a', previousProvider: null, outcome: 'swapped', durationMs: 1, errorKind: null });
      expect(swaps.list()).toHaveLength(1);
    });
  });

  describe('follow, on a real application', () => {
    let app: Oneiric;

    beforeEach(async () => {
      app = new Oneiric();
      app.register(
        { domain: 'adapter', key: 'greeter', provider: 'english', priority: 20, factory: working('hello') },
        { domain: 'adapter', key: 'greeter', provider: 'french', priority: 10, factory: working('bonjour') },
        { domain: 'adapter', key: 'greeter', provider: 'broken', priority: 0, factory: failing },
      );
    });

    afterEach(async () => {
      await app.close();
    });

    it('records the first activation, a swap and a failed swap with durations, the failure by kind only', async () => {
      const swaps = new RecentSwaps();
      const stop = swaps.follow(app);
      await app.start();
      await app.swap('adapter', 'greeter', { provider: 'french' });
      await expect(app.swap('adapter', 'greeter', { provider: 'broken' })).rejects.toMatchObject({ kind: expect.any(String) });
      stop();
      await app.swap('adapter', 'greeter', { provider: 'english' });

      const listed = swaps.list();
      expect(listed.map(({ provider, previousProvider, outcome }) => ({ provider, previousProvider, outcome }))).toEqual([
        { provider: 'broken', previousProvider: 'french', outcome: 'failed' },
        { provider: 'french', previousProvider: 'english', outcome: 'swapped' },
        { provider: 'english', previousProvider: null, outcome: 'swapped' },
      ]);
      expect(listed.every((record) => typeof record.durationMs === 'number' && record.durationMs >= 0)).toBe(true);
      expect(listed[0]?.errorKind).toEqual(expect.stringMatching(/^[a-zA-Z]+$/));
      expect(JSON.stringify(listed)).not.toContain('hunter2');
    });
  });
});
