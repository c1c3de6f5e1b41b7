// Tests of isSameOrigin: the auth header goes to the manifest's origin only.
import { isSameOrigin } from './isSameOrigin.js';

describe('isSameOrigin', () => {
  it('matches scheme, host and port, whatever the path and query', () => {
    expect(isSameOrigin('https://cdn.example.test/a.mjs?x=1', 'https://cdn.example.test/manifest.json')).toBe(true);
  });

  it('tells another host, port or scheme apart, so the token does not leak to it', () => {
    expect(isSameOrigin('https://evil.example.test/a.mjs', 'https://cdn.example.test/m.json')).toBe(false);
    expect(isSameOrigin('https://cdn.example.test:8443/a.mjs', 'https://cdn.example.test/m.json')).toBe(false);
    expect(isSameOrigin('http://cdn.example.test/a.mjs', 'https://cdn.example.test/m.json')).toBe(false);
  });

  it('is false when either side is not a URL (the redacted source of a cached manifest may be "cache")', () => {
    expect(isSameOrigin('https://cdn.example.test/a.mjs', 'cache')).toBe(false);
    expect(isSameOrigin('not a url', 'https://cdn.example.test/m.json')).toBe(false);
  });
});
