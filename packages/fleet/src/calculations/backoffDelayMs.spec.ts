import fc from 'fast-check';
import { backoffDelayMs } from './backoffDelayMs.js';

describe('backoffDelayMs', () => {
  it('doubles per attempt up to the cap, with jitter between half and all of it', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, random) => {
      const ceiling = Math.min(10_000, 500 * 2 ** (attempt - 1));
      const delay = backoffDelayMs(attempt, 500, 10_000, random);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(delay).toBeLessThanOrEqual(ceiling);
    }));
  });
});
