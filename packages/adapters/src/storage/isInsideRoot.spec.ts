import { isInsideRoot } from './isInsideRoot.js';

describe('isInsideRoot', () => {
  it('answers true strictly under the root', () => {
    expect(isInsideRoot('/srv/data', '/srv/data/a/b')).toBe(true);
    expect(isInsideRoot('/srv/data', '/srv/data/..hidden')).toBe(true);
  });

  it('answers false for the root itself, a sibling with the same prefix, and paths above', () => {
    expect(isInsideRoot('/srv/data', '/srv/data')).toBe(false);
    expect(isInsideRoot('/srv/data', '/srv/data2/a')).toBe(false);
    expect(isInsideRoot('/srv/data', '/srv')).toBe(false);
    expect(isInsideRoot('/srv/data', '/etc/passwd')).toBe(false);
  });

  // Failed before the fix (a `root + sep` prefix test): with root `/` that is `//`, which no path starts with.
  it('answers true under a root that ends with the separator (`/`)', () => {
    expect(isInsideRoot('/', '/srv/a')).toBe(true);
    expect(isInsideRoot('/', '/')).toBe(false);
  });
});
