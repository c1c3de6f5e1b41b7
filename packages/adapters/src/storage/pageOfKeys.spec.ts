import fc from 'fast-check';
import { AdapterErrorKind } from '../errors/adapterError.js';
import { decodeCursor, encodeCursor, pageOfKeys } from './pageOfKeys.js';

describe('pageOfKeys', () => {
  const keys = ['a', 'b', 'c', 'd', 'e'];

  it('cuts pages after the cursor key and says where the next starts', () => {
    const first = pageOfKeys(keys, 2, undefined, 'local');
    expect(first).toEqual({ keys: ['a', 'b'], cursor: encodeCursor('b') });
    const second = pageOfKeys(keys, 2, first.cursor, 'local');
    expect(second.keys).toEqual(['c', 'd']);
    expect(pageOfKeys(keys, 2, second.cursor, 'local')).toEqual({ keys: ['e'] });
  });

  it('starts after the cursor key even when that key was removed meanwhile', () => {
    expect(pageOfKeys(['a', 'c', 'd'], 5, encodeCursor('b'), 'local')).toEqual({ keys: ['c', 'd'] });
    expect(pageOfKeys(['a'], 5, encodeCursor('z'), 'local')).toEqual({ keys: [] });
  });

  it('refuses a cursor that is not base64url', () => {
    expect(() => pageOfKeys(keys, 2, 'not a cursor!', 'local')).toThrow(expect.objectContaining({ kind: AdapterErrorKind.invalidArgument }));
  });

  it('visits every key once, in order, whatever the page size', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), (raw, limit) => {
      const sorted = [...raw].sort();
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = pageOfKeys(sorted, limit, cursor, 'local');
        expect(page.keys.length).toBeLessThanOrEqual(limit);
        seen.push(...page.keys);
        cursor = page.cursor;
        pages += 1;
      } while (cursor !== undefined && pages <= sorted.length + 1);
      expect(seen).toEqual(sorted);
    }));
  });

  it('round-trips any key through a cursor', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), (key) => {
      fc.pre(key === key.normalize('NFC') && !/[\uD800-\uDFFF]/.test(key));
      expect(decodeCursor(encodeCursor(key))).toBe(key);
    }));
  });
});
