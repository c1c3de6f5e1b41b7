// The lock the pack test installs from: the tarballs' dependencies where the workspace lock has them, nothing else.
import { offlineLockfile, type Lockfile } from './offlineLockfile.js';

const workspaceLock: Lockfile = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'workspace', workspaces: ['packages/*'] },
    'node_modules/@oneiric/core': { resolved: 'packages/core', link: true },
    'node_modules/@oneiric/cli': { resolved: 'packages/cli', link: true },
    'packages/core': { name: '@oneiric/core', version: '0.1.0', dependencies: { yaml: '^4' }, peerDependencies: { di: '^8' } },
    'packages/cli': {
      name: '@oneiric/cli',
      version: '0.1.0',
      dependencies: { yaml: '^3' },
      peerDependencies: { '@oneiric/core': '^0.1.0', sqlite: '^12' },
      peerDependenciesMeta: { sqlite: { optional: true } },
    },
    'packages/cli/node_modules/yaml': { version: '3.0.0', integrity: 'sha512-old' },
    'node_modules/yaml': { version: '4.0.0', integrity: 'sha512-new', dependencies: { argparse: '^2' }, dev: true },
    'node_modules/argparse': { version: '2.0.1', integrity: 'sha512-arg' },
    'node_modules/di': { version: '8.2.3', integrity: 'sha512-di', peer: true },
    'node_modules/sqlite': { version: '12.0.0', integrity: 'sha512-sql', dev: true },
    'node_modules/jest': { version: '30.0.0', integrity: 'sha512-jest', dev: true },
  },
};

const packed = [
  { name: '@oneiric/core', folder: 'packages/core', tarball: '../tarballs/oneiric-core-0.1.0.tgz' },
  { name: '@oneiric/cli', folder: 'packages/cli', tarball: '../tarballs/oneiric-cli-0.1.0.tgz' },
];

describe('offlineLockfile', () => {
  describe('having two packed workspaces', () => {
    const lock = offlineLockfile(workspaceLock, packed);

    it('depends on the tarballs and resolves each workspace package to its tarball', () => {
      expect(lock.packages['']?.dependencies).toEqual({
        '@oneiric/core': 'file:../tarballs/oneiric-core-0.1.0.tgz',
        '@oneiric/cli': 'file:../tarballs/oneiric-cli-0.1.0.tgz',
      });
      expect(lock.packages['node_modules/@oneiric/cli']).toMatchObject({ version: '0.1.0', resolved: 'file:../tarballs/oneiric-cli-0.1.0.tgz' });
      expect(lock.packages['node_modules/@oneiric/cli']?.name).toBeUndefined();
    });

    it('moves a workspace-nested dependency under the installed package, and follows dependencies of dependencies', () => {
      expect(lock.packages['node_modules/@oneiric/cli/node_modules/yaml']).toEqual({ version: '3.0.0', integrity: 'sha512-old' });
      expect(lock.packages['node_modules/yaml']).toEqual({ version: '4.0.0', integrity: 'sha512-new', dependencies: { argparse: '^2' } });
      expect(lock.packages['node_modules/argparse']?.version).toBe('2.0.1');
    });

    it('installs required peers, and leaves out optional peers and what no tarball needs', () => {
      expect(Object.keys(lock.packages).sort()).toEqual([
        '',
        'node_modules/@oneiric/cli',
        'node_modules/@oneiric/cli/node_modules/yaml',
        'node_modules/@oneiric/core',
        'node_modules/argparse',
        'node_modules/di',
        'node_modules/yaml',
      ]);
      expect(lock.packages['node_modules/di']).toEqual({ version: '8.2.3', integrity: 'sha512-di' });
    });
  });

  describe('when a needed package is missing from the workspace lock', () => {
    it('throws, naming the package, instead of producing a lock that would need the network', () => {
      const broken: Lockfile = { ...workspaceLock, packages: { ...workspaceLock.packages } };
      delete broken.packages['node_modules/argparse'];
      expect(() => offlineLockfile(broken, packed)).toThrow('node_modules/yaml needs argparse, which the workspace lock does not install');
    });
  });
});
