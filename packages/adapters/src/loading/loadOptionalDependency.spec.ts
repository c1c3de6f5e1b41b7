import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from './loadOptionalDependency.js';

const user = { category: 'cache', provider: 'example' };

describe('loadOptionalDependency', () => {
  describe('when the package is installed', () => {
    it('returns the module', async () => {
      const module = await loadOptionalDependency('node:path', user, () => import('node:path'));
      expect(typeof module.join).toBe('function');
    });
  });

  describe('when the package is not installed', () => {
    it('fails with AdapterError missingDependency naming the package and the install command', async () => {
      // The package does not exist: the import fails as it would for an uninstalled peer dependency.
      const failure: unknown = await loadOptionalDependency('oneiric-package-that-is-not-installed', user).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AdapterError);
      expect(failure).toMatchObject({ kind: AdapterErrorKind.missingDependency, context: { domain: 'adapter', key: 'cache', provider: 'example' } });
      expect((failure as Error).message).toContain("'oneiric-package-that-is-not-installed'");
      expect((failure as Error).message).toContain('npm install oneiric-package-that-is-not-installed');
    });
  });

  describe('when the package fails while loading', () => {
    it('passes its own error through (a broken install is not a missing one)', async () => {
      const broken = new Error('syntax error inside the package');
      await expect(loadOptionalDependency('ioredis', user, () => Promise.reject(broken))).rejects.toBe(broken);
    });
  });
});
