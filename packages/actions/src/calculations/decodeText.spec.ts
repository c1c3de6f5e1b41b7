// decodeText: strict base64, base64url and hex, refused with a typed error, and safe on inputs of many megabytes.
import { ActionError, ActionErrorKind } from '../errors/actionError.js';
import { decodeText } from './decodeText.js';

function kindOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ActionError ? error.kind : `untyped ${String(error)}`;
  }
}

describe('decodeText', () => {
  it('decodes each encoding and ignores whitespace in base64 only', () => {
    expect(decodeText('aGk=', 'base64', 'k', 'data').toString()).toBe('hi');
    expect(decodeText('aG\nk=', 'base64', 'k', 'data').toString()).toBe('hi');
    expect(decodeText('_-8', 'base64url', 'k', 'data')).toEqual(Buffer.from([0xff, 0xef]));
    expect(decodeText('00ff', 'hex', 'k', 'data')).toEqual(Buffer.from([0, 255]));
  });

  it.each([
    ['aGk', 'base64'], ['a=Gk', 'base64'], ['aGk*', 'base64'], ['aG===', 'base64'], ['a+b/', 'base64url'], ['0f0', 'hex'], ['zz', 'hex'],
  ] as const)('refuses %s as %s with invalidPayload (Node would silently drop the bad part)', (text, encoding) => {
    expect(kindOf(() => decodeText(text, encoding, 'k', 'data'))).toBe(ActionErrorKind.invalidPayload);
  });

  it('checks a 16 MiB base64 text without overflowing the regular expression stack', () => {
    const big = Buffer.alloc(12 * 1024 * 1024, 7).toString('base64');
    expect(decodeText(big, 'base64', 'k', 'data').byteLength).toBe(12 * 1024 * 1024);
    expect(kindOf(() => decodeText(`${big.slice(0, -4)}*AAA`, 'base64', 'k', 'data'))).toBe(ActionErrorKind.invalidPayload);
    expect(kindOf(() => decodeText('ab'.repeat(4 * 1024 * 1024), 'hex', 'k', 'data'))).toBeUndefined();
  });
});
