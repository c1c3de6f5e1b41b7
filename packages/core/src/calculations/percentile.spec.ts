import fc from 'fast-check';
import { percentile } from './percentile.js';

// `+ 0` turns -0 into 0, so results compare with Object.is whatever the order of zeros.
const sampleArb = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => value + 0), { minLength: 1, maxLength: 50 });
const pArb = fc.double({ min: 0, max: 100, noNaN: true });

describe('percentile', () => {
  describe('of an empty sample', () => {
    it('is undefined', () => {
      expect(percentile([], 50)).toBeUndefined();
      expect(percentile([], 0)).toBeUndefined();
    });
  });

  describe('of a single value', () => {
    it('is that value for every p', () => {
      expect([0, 25, 50, 99, 100].map((p) => percentile([7], p))).toEqual([7, 7, 7, 7, 7]);
    });
  });

  describe('between ranks', () => {
    it('interpolates linearly', () => {
      expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
      expect(percentile([0, 10], 30)).toBeCloseTo(3, 10);
      expect(percentile([10, 20, 30, 40], 90)).toBeCloseTo(37, 10);
    });

    it('hits exact ranks without interpolation', () => {
      const values = [10, 20, 30, 40, 50];
      expect([0, 25, 50, 75, 100].map((p) => percentile(values, p))).toEqual([10, 20, 30, 40, 50]);
    });
  });

  describe('of an unsorted sample', () => {
    it('sorts numerically (not as strings) and leaves the input untouched', () => {
      const values = [100, 9, 25, 1];
      expect(percentile(values, 0)).toBe(1);
      expect(percentile(values, 100)).toBe(100);
      expect(percentile(values, 50)).toBe(17);
      expect(values).toEqual([100, 9, 25, 1]);
    });
  });

  describe('with p outside 0-100', () => {
    it('clamps p to the minimum or the maximum', () => {
      expect(percentile([3, 1, 2], -10)).toBe(1);
      expect(percentile([3, 1, 2], 250)).toBe(3);
    });
  });

  describe('properties', () => {
    it('lies between the minimum and the maximum', () => {
      fc.assert(fc.property(sampleArb, pArb, (values, p) => {
        const result = percentile(values, p) as number;
        expect(result).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
        expect(result).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
      }));
    });

    it('never decreases as p grows', () => {
      fc.assert(fc.property(sampleArb, pArb, pArb, (values, first, second) => {
        const [low, high] = first <= second ? [first, second] : [second, first];
        expect(percentile(values, low) as number).toBeLessThanOrEqual((percentile(values, high) as number) + 1e-6);
      }));
    });

    it('does not depend on the order of the sample', () => {
      fc.assert(fc.property(sampleArb, pArb, (values, p) => {
        expect(percentile([...values].reverse(), p)).toBe(percentile(values, p));
      }));
    });
  });
});
