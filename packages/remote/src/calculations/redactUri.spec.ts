import { redactUri } from './redactUri.js';

describe('redactUri', () => {
  describe('redactUri, having a URL with credentials', () => {
    it('drops user-info and masks query and fragment values, keeping the query names', () => {
      expect(redactUri('https://user:pass@example.com/m.json?token=abc&x=1#frag')).toBe('https://example.com/m.json?token=REDACTED&x=REDACTED#REDACTED');
    });

    it('leaves a URL without credentials unchanged', () => {
      expect(redactUri('https://example.com/m.json')).toBe('https://example.com/m.json');
    });
  });

  describe('redactUri, having text that is not a URL', () => {
    it('cuts the query and strips a user part', () => {
      expect(redactUri('http://tok@[bad/m.json?token=abc')).toBe('http://[bad/m.json?REDACTED');
    });
  });
});
