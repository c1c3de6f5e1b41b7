// Unit tests of EventIdSequence: UUID v4 shape, uniqueness, and distinct prefixes per sequence.
import { EventIdSequence } from './eventIdSequence.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('EventIdSequence', () => {
  describe('next', () => {
    it('returns unique ids shaped like UUID v4', () => {
      const sequence = new EventIdSequence();
      const ids = Array.from({ length: 10_000 }, () => sequence.next());
      expect(ids.every((id) => UUID_V4.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('gives two sequences (two processes) different random prefixes', () => {
      expect(new EventIdSequence().next().slice(0, 23)).not.toBe(new EventIdSequence().next().slice(0, 23));
    });
  });
});
