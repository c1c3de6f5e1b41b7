import { inferPackagePriority } from './inferPackagePriority.js';

const stackOrder = new Map([['myapp', 100], ['zero', 0]]);

describe('inferPackagePriority()', () => {
  describe('having an explicit priority', () => {
    it('returns it even when the package is in the stack order', () => {
      expect(inferPackagePriority('myapp', 7, stackOrder)).toBe(7);
    });

    it('keeps an explicit 0', () => {
      expect(inferPackagePriority('myapp', 0, stackOrder)).toBe(0);
    });
  });

  describe('having no explicit priority', () => {
    it('returns the package\'s stack order entry', () => {
      expect(inferPackagePriority('myapp', undefined, stackOrder)).toBe(100);
    });

    it('keeps a stack order entry of 0', () => {
      expect(inferPackagePriority('zero', undefined, new Map([['zero', 0]]))).toBe(0);
    });

    it('returns 0 for a package absent from the stack order', () => {
      expect(inferPackagePriority('unknown', undefined, stackOrder)).toBe(0);
      expect(inferPackagePriority('unknown', undefined, new Map())).toBe(0);
    });
  });

  describe('having a package name that looks like an install path', () => {
    it('never infers a priority from path segments', () => {
      // The Python original gave adapters/vendor paths 60-90 minus the depth; the port never does.
      expect(inferPackagePriority('vendor/adapters/cache', undefined, stackOrder)).toBe(0);
      expect(inferPackagePriority('node_modules/a/b/c/d/e/f/adapters', undefined, stackOrder)).toBe(0);
    });

    it('matches stack order names exactly', () => {
      expect(inferPackagePriority('myapp/adapters', undefined, stackOrder)).toBe(0);
      expect(inferPackagePriority('MyApp', undefined, stackOrder)).toBe(0);
    });
  });
});
