import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { thrownBy } from '../testing/thrownBy.js';
import { parseStackOrder } from './parseStackOrder.js';

describe('parseStackOrder()', () => {
  describe('having no value', () => {
    it('returns an empty map for undefined', () => {
      expect(parseStackOrder(undefined).size).toBe(0);
    });

    it('returns an empty map for an empty or blank string', () => {
      expect(parseStackOrder('').size).toBe(0);
      expect(parseStackOrder(' , ,').size).toBe(0);
    });
  });

  describe('having name:value entries', () => {
    it('maps each package to exactly its value', () => {
      // Reference 17.10.
      expect([...parseStackOrder('myapp:100,otherapp:50')]).toEqual([['myapp', 100], ['otherapp', 50]]);
    });

    it('accepts negative values and 0', () => {
      expect([...parseStackOrder('low:-5,zero:0')]).toEqual([['low', -5], ['zero', 0]]);
    });

    it('trims names and values', () => {
      expect([...parseStackOrder('  myapp : 100 ,  other:7 ')]).toEqual([['myapp', 100], ['other', 7]]);
    });
  });

  describe('having bare names', () => {
    it('gives each 10 times the number of names already mapped', () => {
      // Reference 17.10: first,second,third -> 0/10/20.
      expect([...parseStackOrder('first,second,third')]).toEqual([['first', 0], ['second', 10], ['third', 20]]);
    });

    it('counts earlier name:value entries as mapped names', () => {
      expect([...parseStackOrder('myapp:100,other')]).toEqual([['myapp', 100], ['other', 10]]);
    });
  });

  describe('having blank entries', () => {
    it('skips them without counting them', () => {
      // Reference 17.10: first,,third:30 -> 0/30.
      const order = parseStackOrder('first,,third:30');
      expect([...order]).toEqual([['first', 0], ['third', 30]]);
    });

    it('does not count a blank entry when numbering bare names', () => {
      expect([...parseStackOrder('a,,b')]).toEqual([['a', 0], ['b', 10]]);
    });
  });

  describe('having a value that is not an integer', () => {
    it.each([
      ['myapp:high'],
      ['myapp:1.5'],
      ['myapp:'],
      [':100'],
      ['myapp:100,other:abc'],
      ['myapp:99999999999999999999'],
      ['myapp:1:2'],
    ])('throws ConfigError invalidEnvironment for %j', (value) => {
      // The variable holds something that cannot be a priority: a configuration error naming the variable.
      const error = thrownBy(() => parseStackOrder(value));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ kind: ConfigErrorKind.invalidEnvironment, context: { field: 'ONEIRIC_STACK_ORDER' } });
      expect((error as ConfigError).message).toContain('ONEIRIC_STACK_ORDER');
    });

    it('names the variable it was given', () => {
      const error = thrownBy(() => parseStackOrder('x:y', 'MY_ORDER'));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ kind: ConfigErrorKind.invalidEnvironment, context: { field: 'MY_ORDER' } });
      expect((error as ConfigError).message).toContain('"x:y"');
    });
  });
});
