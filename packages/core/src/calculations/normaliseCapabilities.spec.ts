import { normaliseCapabilities } from './normaliseCapabilities.js';

describe('normaliseCapabilities()', () => {
  describe('having no capabilities', () => {
    it('returns an empty list for undefined', () => {
      expect(normaliseCapabilities(undefined)).toEqual([]);
    });

    it('returns an empty list for an empty list', () => {
      expect(normaliseCapabilities([])).toEqual([]);
    });
  });

  describe('having names with blanks, padding and duplicates', () => {
    it('trims, drops blanks and duplicates, and sorts', () => {
      expect(normaliseCapabilities([' write', 'read ', '', '   ', 'read', 'ttl', 'write'])).toEqual(['read', 'ttl', 'write']);
    });

    it('treats names that differ only by padding as the same name', () => {
      expect(normaliseCapabilities(['ttl', ' ttl', 'ttl  '])).toEqual(['ttl']);
    });

    it('keeps names case-sensitive', () => {
      expect(normaliseCapabilities(['TTL', 'ttl'])).toEqual(['TTL', 'ttl']);
    });
  });

  describe('having non-string entries', () => {
    it('drops them', () => {
      expect(normaliseCapabilities(['b', 1, null, undefined, { name: 'x' }, ['c'], true, 'a'])).toEqual(['a', 'b']);
    });
  });

  describe('having an input list', () => {
    it('does not modify it', () => {
      const requested = ['write', ' read'];
      normaliseCapabilities(requested);
      expect(requested).toEqual(['write', ' read']);
    });
  });
});
