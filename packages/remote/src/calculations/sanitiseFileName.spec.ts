// Tests of sanitiseFileName and artifactFileName: outside names can never leave the cache directory.
import { join } from 'node:path';
import { artifactFileName } from './artifactFileName.js';
import { isInsideDirectory } from './isInsideDirectory.js';
import { sanitiseFileName } from './sanitiseFileName.js';

describe('sanitiseFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..', 'artifact'],
    ['.', 'artifact'],
    ['', 'artifact'],
    ['a\\b\\..\\evil.mjs', 'evil.mjs'],
    ['%2e%2e%2fevil.mjs', 'evil.mjs'],
    ['evil\0.mjs', 'evil.mjs'],
    ['.hidden', 'hidden'],
    ['name with spaces&$.mjs', 'name_with_spaces__.mjs'],
  ])('turns %j into %j', (name, expected) => {
    expect(sanitiseFileName(name)).toBe(expected);
  });
});

describe('artifactFileName', () => {
  it.each([
    ['https://example.test/redis.mjs'],
    ['https://example.test/../../../../etc/passwd'],
    ['https://example.test/%2e%2e%2f%2e%2e%2fetc'],
    ['C:\\evil\\..\\x.js'],
    ['evil\0'],
  ])('names the artifact of %j inside the artifacts directory, after its digest', (uri) => {
    const name = artifactFileName('A'.repeat(64), uri);

    expect(name.startsWith(`${'a'.repeat(64)}-`)).toBe(true);
    expect(name.endsWith('.mjs')).toBe(true);
    expect(isInsideDirectory('/cache/artifacts', join('/cache/artifacts', name))).toBe(true);
  });
});

describe('isInsideDirectory', () => {
  it('refuses siblings that share a prefix and parents', () => {
    expect(isInsideDirectory('/cache/a', '/cache/ab/x')).toBe(false);
    expect(isInsideDirectory('/cache/a', '/cache')).toBe(false);
    expect(isInsideDirectory('/cache/a', '/cache/a/x/y')).toBe(true);
  });
});
