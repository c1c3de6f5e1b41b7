import fc from 'fast-check';
import { canaryOrder } from './canaryOrder.js';

describe('canaryOrder', () => {
  const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 20 });

  it('is a permutation of the ids, the same whatever order they come in (property)', () => {
    fc.assert(fc.property(ids, fc.string(), fc.integer(), (list, rolloutId, seed) => {
      const reversed = [...list].reverse();
      const rotated = list.length === 0 ? list : [...list.slice(Math.abs(seed) % list.length), ...list.slice(0, Math.abs(seed) % list.length)];
      const order = canaryOrder(list, rolloutId);
      expect([...order].sort()).toEqual([...list].sort());
      expect(canaryOrder(reversed, rolloutId)).toEqual(order);
      expect(canaryOrder(rotated, rolloutId)).toEqual(order);
    }));
  });

  it('is deterministic per rollout and differs between rollouts (not always the same canary)', () => {
    const list = Array.from({ length: 20 }, (_, index) => `i${index}`);
    expect(canaryOrder(list, 'r1')).toEqual(canaryOrder(list, 'r1'));
    const firsts = new Set(Array.from({ length: 20 }, (_, index) => canaryOrder(list, `r${index}`)[0]));
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('does not change its input', () => {
    const list = ['b', 'a', 'c'];
    canaryOrder(list, 'r1');
    expect(list).toEqual(['b', 'a', 'c']);
  });
});
