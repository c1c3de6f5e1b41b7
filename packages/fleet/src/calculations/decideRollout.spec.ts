import fc from 'fast-check';
import { instanceFixture } from '../__fixtures__/instanceFixture.js';
import { rolloutFixture } from '../__fixtures__/rolloutFixture.js';
import type { InstanceRecord } from '../models/instanceRecord.js';
import type { RolloutRecord } from '../models/rolloutRecord.js';
import { decideRollout, type RolloutStep } from './decideRollout.js';

const GONE_AFTER_MS = 3_000;

function fleetOf(ids: readonly string[], providerOf: (id: string) => string, now: number, key: Parameters<typeof instanceFixture>[3] = {}): Map<string, InstanceRecord> {
  return new Map(ids.map((id) => [id, instanceFixture(id, providerOf(id), now, key)]));
}

// Runs the driver against instances that converge at once, until the rollout finishes.
function runHealthy(record: RolloutRecord, ids: readonly string[]): { final: RolloutRecord; steps: RolloutStep[] } {
  let now = 1_000_000;
  let current = record;
  const steps: RolloutStep[] = [];
  for (let tick = 0; tick < 200 && current.state === 'running'; tick += 1) {
    now += 500;
    const step = decideRollout({ record: current, instances: fleetOf(ids, (id) => (current.moved.includes(id) ? current.toProvider : current.fromProvider), now), now, goneAfterMs: GONE_AFTER_MS });
    if (step !== undefined) {
      steps.push(step);
      current = step.record;
    }
  }
  return { final: current, steps };
}

describe('decideRollout', () => {
  describe('having healthy instances', () => {
    it('moves canaries first, then each step, never un-moves anyone, and promotes with the selection', () => {
      const stepLists = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }).map((steps) => [...steps.sort((a, b) => a - b), 100]);
      fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 3 }), stepLists, (count, canary, steps) => {
        const ids = Array.from({ length: count }, (_, index) => `i${index}`);
        const { final, steps: taken } = runHealthy(rolloutFixture({ canary, steps, bakeMs: 1_000 }), ids);
        expect(final.state).toBe('promoted');
        expect(taken.at(-1)?.selection).toBe('redis');
        expect(taken.filter((step) => step.selection !== undefined)).toHaveLength(1);
        const start = taken.find((step) => step.record.stage === 0);
        expect(start?.record.moved).toHaveLength(Math.min(canary, count));
        for (let index = 1; index < taken.length; index += 1) {
          expect(taken[index]?.record.moved).toEqual(expect.arrayContaining([...(taken[index - 1]?.record.moved ?? [])]));
        }
        expect(final.moved.slice().sort()).toEqual(ids.slice().sort());
        expect(final.decisions.map((decision) => decision.action)).toEqual(['start', ...steps.map(() => 'stage'), 'promote']);
      }));
    });

    it('picks the same canaries for the same rollout whatever the order instances are listed in', () => {
      const ids = ['a', 'b', 'c', 'd', 'e'];
      const first = decideRollout({ record: rolloutFixture({ canary: 2 }), instances: fleetOf(ids, () => 'memory', 10), now: 10, goneAfterMs: GONE_AFTER_MS });
      const second = decideRollout({ record: rolloutFixture({ canary: 2 }), instances: fleetOf([...ids].reverse(), () => 'memory', 10), now: 10, goneAfterMs: GONE_AFTER_MS });
      expect(first?.record.moved).toEqual(second?.record.moved);
    });

    it('waits out the bake before promoting, unless the operator says promote', () => {
      const record = rolloutFixture({ stage: 0, moved: ['a'], stageStartedAt: 0, convergedAt: 100, bakeMs: 1_000 });
      const instances = fleetOf(['a', 'b'], (id) => (id === 'a' ? 'redis' : 'memory'), 500);
      expect(decideRollout({ record, instances, now: 500, goneAfterMs: GONE_AFTER_MS })).toBeUndefined();
      expect(decideRollout({ record: { ...record, command: 'promote' }, instances, now: 500, goneAfterMs: GONE_AFTER_MS })?.record.stage).toBe(1);
    });
  });

  describe('having a failing canary', () => {
    const canary = rolloutFixture({ stage: 0, moved: ['a'], stageStartedAt: 0 });

    it.each([
      ['a failed swap', { provider: 'memory', state: 'failed', swapError: { provider: 'redis', message: 'health check failed', at: 'x' } }, /swap of adapter:cache to redis failed on a/],
      ['a failed health check', { healthy: false }, /failed its health check on a/],
      ['an open breaker', { breaker: 'open' as const }, /breaker of redis opened on a/],
      ['an error ratio over the limit', { calls: 100, failures: 5 }, /error ratio 0.0500 .* over the limit 0.01/],
    ])('aborts on %s, moving the canary back and leaving the others alone', (_, keyState, reason) => {
      const instances = new Map([
        ['a', instanceFixture('a', 'redis', 100, keyState)],
        ['b', instanceFixture('b', 'memory', 100)],
      ]);
      const step = decideRollout({ record: canary, instances, now: 100, goneAfterMs: GONE_AFTER_MS });
      expect(step?.record.state).toBe('aborted');
      expect(step?.record.moved).toEqual([]);
      expect(step?.record.decisions.at(-1)?.reason).toMatch(reason);
      expect(step?.record.decisions.at(-1)?.evidence['movedBack']).toEqual(['a']);
      expect(step?.selection).toBeUndefined();
    });

    it('aborts when the canary does not converge within the timeout', () => {
      const instances = fleetOf(['a', 'b'], () => 'memory', 20_000);
      const step = decideRollout({ record: canary, instances, now: 20_000, goneAfterMs: GONE_AFTER_MS });
      expect(step?.record.decisions.at(-1)?.reason).toMatch(/a did not run redis within 10000 ms/);
    });
  });

  describe('having failures only on instances not moved', () => {
    it('never aborts: what the new provider is judged on is the moved instances alone', () => {
      const failure = fc.constantFrom(
        { healthy: false }, { breaker: 'open' as const }, { calls: 10, failures: 10 }, { state: 'failed' },
        { swapError: { provider: 'other', message: 'x', at: 'y' } },
      );
      fc.assert(fc.property(fc.integer({ min: 2, max: 8 }), failure, (count, keyState) => {
        const ids = Array.from({ length: count }, (_, index) => `i${index}`);
        const record = rolloutFixture({ stage: 0, moved: ['i0'], stageStartedAt: 0, convergedAt: 0, bakeMs: 100 });
        const instances = new Map(ids.map((id) => [id, id === 'i0' ? instanceFixture(id, 'redis', 500) : instanceFixture(id, 'memory', 500, keyState)]));
        const step = decideRollout({ record, instances, now: 500, goneAfterMs: GONE_AFTER_MS });
        expect(step?.record.state).toBe('running');
        expect(step?.record.stage).toBe(1);
      }));
    });

    it('does not abort at an error ratio exactly at the limit', () => {
      const record = rolloutFixture({ stage: 0, moved: ['a'], stageStartedAt: 0, convergedAt: 0, bakeMs: 100, maxErrorRatio: 0.05 });
      const instances = new Map([['a', instanceFixture('a', 'redis', 500, { calls: 100, failures: 5 })], ['b', instanceFixture('b', 'memory', 500)]]);
      expect(decideRollout({ record, instances, now: 500, goneAfterMs: GONE_AFTER_MS })?.record.state).toBe('running');
    });
  });

  describe('having a moved instance gone', () => {
    const record = rolloutFixture({ stage: 1, moved: ['a', 'b'], stageStartedAt: 0, convergedAt: 0 });
    const instances = new Map([['a', instanceFixture('a', 'redis', 0)], ['b', instanceFixture('b', 'redis', 9_000)], ['c', instanceFixture('c', 'memory', 9_000)]]);

    it('aborts when the rollout says so', () => {
      const step = decideRollout({ record: { ...record, onInstanceGone: 'abort' }, instances, now: 9_000, goneAfterMs: GONE_AFTER_MS });
      expect(step?.record.state).toBe('aborted');
      expect(step?.record.decisions.at(-1)?.reason).toMatch(/a gone/);
    });

    it('goes on without it otherwise, recording it once', () => {
      const step = decideRollout({ record, instances, now: 500 + 9_000, goneAfterMs: GONE_AFTER_MS });
      expect(step?.record.gone).toEqual(['a']);
      expect(step?.record.decisions.map((decision) => decision.action)).toContain('gone');
    });
  });

  it('aborts on the operator\'s command and does nothing to a finished rollout', () => {
    const instances = fleetOf(['a'], () => 'memory', 0);
    expect(decideRollout({ record: rolloutFixture({ command: 'abort' }), instances, now: 0, goneAfterMs: GONE_AFTER_MS })?.record.decisions.at(-1)?.reason).toMatch(/aborted by the operator/);
    expect(decideRollout({ record: rolloutFixture({ state: 'promoted' }), instances, now: 0, goneAfterMs: GONE_AFTER_MS })).toBeUndefined();
  });

  describe('when an operator\'s abort lands between the final selection write and the record write', () => {
    // The last stage has baked: the driver's step writes selection `redis`, then the record.
    const ids = ['a', 'b'];
    const lastStage = rolloutFixture({ stage: 2, moved: ids, stageStartedAt: 0, convergedAt: 100, bakeMs: 1_000 });
    const instances = fleetOf(ids, () => 'redis', 5_000);

    it('writes the selection back to fromProvider with the abort, so the fleet does not stay on the new provider', () => {
      const promotion = decideRollout({ record: lastStage, instances, now: 5_000, goneAfterMs: GONE_AFTER_MS });
      expect(promotion?.selection).toBe('redis');
      // The selection write succeeded; the record write lost to the operator's abort; the next pass reads both.
      const next = decideRollout({ record: { ...lastStage, command: 'abort' }, instances, now: 5_500, goneAfterMs: GONE_AFTER_MS, selection: 'redis' });
      expect(next?.record.state).toBe('aborted');
      expect(next?.selection).toBe('memory');
      expect(next?.record.decisions.at(-1)?.reason).toMatch(/selection redis set back to memory/);
    });

    it('writes no selection when the stored one is already fromProvider or there is none', () => {
      const aborting = { ...lastStage, command: 'abort' as const };
      expect(decideRollout({ record: aborting, instances, now: 5_500, goneAfterMs: GONE_AFTER_MS, selection: 'memory' })?.selection).toBeUndefined();
      expect(decideRollout({ record: aborting, instances, now: 5_500, goneAfterMs: GONE_AFTER_MS })?.selection).toBeUndefined();
    });

    it('restores fromProvider on any abort (verdict, gone instance) that finds the selection moved', () => {
      const failing = fleetOf(ids, () => 'redis', 5_000, { healthy: false });
      expect(decideRollout({ record: { ...lastStage, convergedAt: null }, instances: failing, now: 5_000, goneAfterMs: GONE_AFTER_MS, selection: 'redis' })).toMatchObject({ record: { state: 'aborted' }, selection: 'memory' });
      const goneA = new Map([...instances].filter(([id]) => id !== 'a'));
      expect(decideRollout({ record: { ...lastStage, onInstanceGone: 'abort' }, instances: goneA, now: 5_000, goneAfterMs: GONE_AFTER_MS, selection: 'redis' })).toMatchObject({ record: { state: 'aborted' }, selection: 'memory' });
    });
  });
});
