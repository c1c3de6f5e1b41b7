// Tests of canonicalJson against the examples published in RFC 8785 (expected outputs written from the RFC's text).
import { canonicalJson } from './canonicalJson.js';

function fromIeeeHex(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalJson', () => {
  describe('having the RFC 8785 section 3.2.2 sample input', () => {
    it('writes the RFC sample output: sorted, compact, normalised numbers and strings', () => {
      const input = JSON.parse(String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`) as unknown;

      expect(canonicalJson(input)).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
    });
  });

  describe('having the RFC 8785 section 3.2.3 sorting example', () => {
    it('orders member names by UTF-16 code units', () => {
      const input = JSON.parse(String.raw`{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
      }`) as unknown;

      expect(canonicalJson(input)).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",'
        + '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
    });
  });

  describe('having the RFC 8785 appendix B number examples', () => {
    it.each([
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ])('writes the double %s as %s', (hex, expected) => {
      expect(canonicalJson(fromIeeeHex(hex))).toBe(expected);
    });

    it.each([['7fffffffffffffff'], ['7ff0000000000000']])('refuses the non-finite double %s (RFC: must be an error)', (hex) => {
      expect(() => canonicalJson(fromIeeeHex(hex))).toThrow(TypeError);
    });
  });

  describe('having values JSON cannot hold', () => {
    it('refuses a lone surrogate, because RFC 8785 requires well-formed Unicode', () => {
      expect(() => canonicalJson({ text: 'a\ud800b' })).toThrow(/lone surrogate/);
    });

    it('refuses bigint and undefined inside arrays, which have no JSON form', () => {
      expect(() => canonicalJson(1n)).toThrow(TypeError);
      expect(() => canonicalJson([undefined])).toThrow(TypeError);
    });

    it('leaves out object members whose value is undefined', () => {
      expect(canonicalJson({ b: 1, a: undefined })).toBe('{"b":1}');
    });
  });

  it('nests: arrays keep their order, objects are sorted at every depth', () => {
    expect(canonicalJson({ z: [{ y: 2, x: 1 }, 'a'], a: { c: true, b: null } })).toBe('{"a":{"b":null,"c":true},"z":[{"x":1,"y":2},"a"]}');
  });
});
