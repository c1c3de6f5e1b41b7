import fc from 'fast-check';
import { backoffDelay, type BackoffPolicy } from './backoffDelay.js';

const NO_JITTER: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 30_000, jitter: 0 };

const policyArb: fc.Arbitrary<BackoffPolicy> = fc
  .record({
    baseDelayMs: fc.integer({ min: 0, max: 10_000 }),
    extra: fc.integer({ min: 0, max: 1_000_000 }),
    jitter: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ baseDelayMs, extra, jitter }) => ({ baseDelayMs, maxDelayMs: baseDelayMs + extra, jitter }));
const retryArb = fc.integer({ min: 1, max: 80 });
const randomArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** The delay before jitter: base × 2^(retry-1), capped. */
function capped(retry: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}

describe('backoffDelay', () => {
  describe('without jitter', () => {
    it('doubles the base delay on every retry', () => {
      expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, NO_JITTER, 0.9))).toEqual([100, 200, 400, 800, 1_600]);
    });

    it('caps the delay at maxDelayMs', () => {
      const policy: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 500, jitter: 0 };
      expect([1, 2, 3, 4, 10, 60].map((retry) => backoffDelay(retry, policy, 0.3))).toEqual([100, 200, 400, 500, 500, 500]);
    });

    it('stays at the cap (a finite number) for huge retry numbers', () => {
      expect(backoffDelay(5_000, { baseDelayMs: 100, maxDelayMs: 30_000, jitter: 0.25 }, 0.99)).toBe(30_000);
    });

    it('treats retry numbers below 1 as the first retry', () => {
      expect(backoffDelay(0, NO_JITTER, 0.5)).toBe(100);
      expect(backoffDelay(-3, NO_JITTER, 0.5)).toBe(100);
    });

    it('returns 0 with a zero base delay', () => {
      expect(backoffDelay(7, { baseDelayMs: 0, maxDelayMs: 1_000, jitter: 0.5 }, 0.9)).toBe(0);
    });
  });

  describe('with jitter', () => {
    it('spreads the delay by ±jitter according to random', () => {
      const policy: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.25 };
      expect(backoffDelay(1, policy, 0)).toBe(750);
      expect(backoffDelay(1, policy, 0.5)).toBe(1_000);
      expect(backoffDelay(1, policy, 0.75)).toBe(1_125);
      expect(backoffDelay(2, policy, 0.25)).toBe(1_750);
    });

    it('never exceeds maxDelayMs, even when spread upwards at the cap', () => {
      const policy: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 2_000, jitter: 0.5 };
      expect(backoffDelay(5, policy, 0.999)).toBe(2_000);
      expect(backoffDelay(5, policy, 0)).toBe(1_000);
    });

    it('clamps jitter into [0, 1]', () => {
      expect(backoffDelay(1, { baseDelayMs: 100, maxDelayMs: 1_000, jitter: 3 }, 0)).toBe(0);
      expect(backoffDelay(1, { baseDelayMs: 100, maxDelayMs: 1_000, jitter: -1 }, 0)).toBe(100);
    });

    it('stays within [capped × (1 - jitter), min(max, capped × (1 + jitter))], as a non-negative integer', () => {
      fc.assert(fc.property(retryArb, policyArb, randomArb, (retry, policy, random) => {
        const delay = backoffDelay(retry, policy, random);
        const center = capped(retry, policy);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(center * (1 - policy.jitter) - 1e-6));
        expect(delay).toBeLessThanOrEqual(Math.ceil(center * (1 + policy.jitter) + 1e-6));
      }));
    });

    it('is the capped delay itself when random is 0.5 (no spread)', () => {
      fc.assert(fc.property(retryArb, policyArb, (retry, policy) => {
        expect(backoffDelay(retry, policy, 0.5)).toBe(Math.round(capped(retry, policy)));
      }));
    });

    it('grows with random and never shrinks with the retry number', () => {
      fc.assert(fc.property(retryArb, policyArb, randomArb, randomArb, (retry, policy, first, second) => {
        const [low, high] = first <= second ? [first, second] : [second, first];
        expect(backoffDelay(retry, policy, low)).toBeLessThanOrEqual(backoffDelay(retry, policy, high));
        expect(backoffDelay(retry, policy, low)).toBeLessThanOrEqual(backoffDelay(retry + 1, policy, low));
      }));
    });
  });
});
