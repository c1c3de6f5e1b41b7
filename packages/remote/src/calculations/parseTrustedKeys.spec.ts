// Tests of parseTrustedKeys and parseDuration: the text forms read from settings and the CLI.
import { testKey } from '../__fixtures__/testKeys.js';
import { RemoteError } from '../errors/remoteError.js';
import { parseDuration } from './parseDuration.js';
import { parseTrustedKeys } from './parseTrustedKeys.js';

describe('parseTrustedKeys', () => {
  const alice = testKey(1);

  it('reads bare base64 and keyId=base64, collapsing duplicates', () => {
    const keys = parseTrustedKeys([alice.publicBase64, `${alice.trusted.keyId}=${alice.publicBase64}`, ' ']);

    expect(keys).toEqual([alice.trusted]);
  });

  it('refuses a label that is not the key\'s id, so a label cannot lie', () => {
    expect(() => parseTrustedKeys([`0123456789abcdef=${alice.publicBase64}`])).toThrow(RemoteError);
  });

  it('refuses text that is not a 32-byte key', () => {
    expect(() => parseTrustedKeys(['abcd'])).toThrow(/#1/);
  });
});

describe('parseDuration', () => {
  it.each([['90s', 90_000], ['15m', 900_000], ['12h', 43_200_000], ['30d', 2_592_000_000], ['1w', 604_800_000], ['1.5h', 5_400_000]])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([['30'], ['-1d'], ['0s'], ['1y'], ['']])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
