import { messageOf } from './messageOf.js';

describe('messageOf', () => {
  it('is the message of an Error', () => {
    expect(messageOf(new TypeError('bad input'))).toBe('bad input');
  });

  it('is the string form of anything else thrown', () => {
    expect(messageOf('plain text')).toBe('plain text');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
  });

  describe('given a value whose string form throws', () => {
    it('falls back to Object.prototype.toString for an object without a prototype', () => {
      expect(messageOf(Object.create(null))).toBe('[object Object]');
    });

    it('falls back when toString itself throws', () => {
      expect(messageOf({ toString: () => { throw new Error('no'); } })).toBe('[object Object]');
    });

    it('falls back when the message getter throws', () => {
      const error = new Error('hidden');
      Object.defineProperty(error, 'message', { get: () => { throw new Error('no'); } });
      expect(messageOf(error)).toBe('[object Error]');
    });
  });
});
