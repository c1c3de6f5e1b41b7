import fc from 'fast-check';
import { instanceFixture } from '../__fixtures__/instanceFixture.js';
import { rolloutFixture } from '../__fixtures__/rolloutFixture.js';
import type { InstanceRecord } from '../models/instanceRecord.js';
import { evaluateStage } from './evaluateStage.js';

// Stage 0 of memory -> redis with `a` moved and converged at 0; `b` and `c` not moved.
const record = rolloutFixture({ stage: 0, moved: ['a'], stageStartedAt: 0, convergedAt: 0, bakeMs: 1_000, maxErrorRatio: 0.05 });
const live = new Set(['a', 'b', 'c']);

function fleet(moved: { calls: number; failures: number }, notMoved: { calls: number; failures: number }): Map<string, InstanceRecord> {
  return new Map([
    ['a', instanceFixture('a', 'redis', 0, moved)],
    ['b', instanceFixture('b', 'memory', 0, notMoved)],
    ['c', instanceFixture('c', 'memory', 0, notMoved)],
  ]);
}

describe('evaluateStage', () => {
  describe('error ratio against the not-moved baseline', () => {
    it('aborts when the moved ratio is over the limit and over the baseline, recording both', () => {
      const verdict = evaluateStage(record, fleet({ calls: 100, failures: 20 }, { calls: 100, failures: 1 }), live, 500);
      expect(verdict.kind).toBe('abort');
      expect(verdict.kind === 'abort' ? verdict.reason : '').toMatch(/0\.2000 .* over the limit 0\.05 and the not-moved baseline 0\.0100/);
      expect(verdict.evidence).toMatchObject({ movedErrorRatio: 0.2, baselineErrorRatio: 0.01, movedCalls: 100, baselineCalls: 200 });
    });

    it('does not abort on a shared outage: the moved ratio over the limit but not above the baseline', () => {
      const verdict = evaluateStage(record, fleet({ calls: 100, failures: 30 }, { calls: 100, failures: 30 }), live, 500);
      expect(verdict.kind).toBe('baking');
      expect(verdict.evidence).toMatchObject({ movedErrorRatio: 0.3, baselineErrorRatio: 0.3 });
    });

    it('uses the limit alone when the instances not moved made no calls (no baseline)', () => {
      const verdict = evaluateStage(record, fleet({ calls: 100, failures: 20 }, { calls: 0, failures: 0 }), live, 500);
      expect(verdict.kind === 'abort' ? verdict.reason : '').toMatch(/no baseline/);
      expect(verdict.evidence['baselineErrorRatio']).toBeNull();
    });

    it('aborts on the ratio exactly when it is over both the limit and the baseline (property)', () => {
      const counts = fc.integer({ min: 1, max: 1_000 }).chain((calls) => fc.record({ calls: fc.constant(calls), failures: fc.integer({ min: 0, max: calls }) }));
      fc.assert(fc.property(counts, fc.option(counts, { nil: undefined }), (moved, notMoved) => {
        const baseline = notMoved ?? { calls: 0, failures: 0 };
        const verdict = evaluateStage(record, fleet(moved, baseline), live, 500);
        const movedRatio = moved.failures / moved.calls;
        // Two not-moved instances with the same counts: their pooled ratio is each one's ratio.
        const baselineRatio = notMoved === undefined ? null : notMoved.failures / notMoved.calls;
        const expected = movedRatio > record.maxErrorRatio && (baselineRatio === null || movedRatio > baselineRatio);
        expect(verdict.kind === 'abort').toBe(expected);
      }));
    });
  });

  describe('stage progress', () => {
    const quiet = { calls: 0, failures: 0 };

    it('is converging while a moved instance still runs fromProvider, and aborts past the converge timeout', () => {
      const notYet = new Map([...fleet(quiet, quiet)].map(([id, instance]) => [id, id === 'a' ? instanceFixture('a', 'memory', 0) : instance]));
      const converging = { ...record, convergedAt: null };
      expect(evaluateStage(converging, notYet, live, 5_000).kind).toBe('converging');
      const late = evaluateStage(converging, notYet, live, 10_001);
      expect(late.kind === 'abort' ? late.reason : '').toMatch(/a did not run redis within 10000 ms/);
    });

    it('bakes for bakeMs after convergence, then is ready', () => {
      expect(evaluateStage(record, fleet(quiet, quiet), live, 999).kind).toBe('baking');
      expect(evaluateStage(record, fleet(quiet, quiet), live, 1_000).kind).toBe('ready');
    });

    it('does not judge a moved instance that is not live', () => {
      const failing = new Map([...fleet(quiet, quiet)].map(([id, instance]) => [id, id === 'a' ? instanceFixture('a', 'redis', 0, { healthy: false }) : instance]));
      expect(evaluateStage(record, failing, live, 1_000).kind).toBe('abort');
      expect(evaluateStage(record, failing, new Set(['b', 'c']), 1_000).kind).toBe('ready');
    });
  });
});
