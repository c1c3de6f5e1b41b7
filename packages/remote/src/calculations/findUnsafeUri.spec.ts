// Tests of findUnsafeUri with a corpus of traversal attempts: plain, absolute, backslashes, percent-encoded, NUL bytes.
import { findUnsafeUri } from './findUnsafeUri.js';

describe('findUnsafeUri', () => {
  describe('having a traversal attempt', () => {
    it.each([
      ['../secret.mjs'],
      ['../../etc/passwd'],
      ['artifacts/../../etc/passwd'],
      ['/etc/passwd'],
      ['C:\\Windows\\system32\\evil.mjs'],
      ['C:/Windows/evil.mjs'],
      ['artifacts\\..\\evil.mjs'],
      ['..\\evil.mjs'],
      ['%2e%2e%2fetc%2fpasswd'],
      ['%2E%2E/etc/passwd'],
      ['..%2fetc%2fpasswd'],
      ['%252e%252e%252fetc%252fpasswd'],
      ['https://example.test/a/%2e%2e/%2e%2e/etc/passwd'],
      ['https://example.test/a/../b.mjs'],
      ['https://example.test/a%5c..%5cb.mjs'],
      ['https://example.test/evil.mjs\0.png'],
      ['https://example.test/evil%00.mjs'],
      ['evil\0.mjs'],
      ['file:///srv/artifacts/../../etc/passwd'],
      ['%'],
    ])('refuses %j', (uri) => {
      // Each of these would let a manifest write or read outside the cache directory.
      expect(findUnsafeUri(uri)).toMatch(/path traversal/);
    });

    it('refuses an empty URI', () => {
      expect(findUnsafeUri('  ')).toBe('empty URI');
    });
  });

  describe('having an ordinary address', () => {
    it.each([
      ['https://example.test/artifacts/redis-1.2.3.mjs'],
      ['http://127.0.0.1:8080/a/b/c.mjs?version=2'],
      ['https://example.test/a%20b.mjs'],
      ['file:///srv/artifacts/redis.mjs'],
      ['https://example.test/..hidden/x.mjs'],
    ])('accepts %j', (uri) => {
      expect(findUnsafeUri(uri)).toBeUndefined();
    });
  });
});
