// Tests of resolveFactoryModule: resolution from the application root, confined to the named package.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { resolveFactoryModule } from './resolveFactoryModule.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'oneiric-factory-'));
  mkdirSync(join(root, 'node_modules', 'good', 'lib'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'good', 'package.json'), '{"name":"good","main":"lib/index.js"}');
  writeFileSync(join(root, 'node_modules', 'good', 'lib', 'index.js'), 'exports.Good = class {};');
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'evil.js'), 'exports.Evil = class {};');
  mkdirSync(join(root, 'node_modules', 'linked'));
  writeFileSync(join(root, 'node_modules', 'linked', 'package.json'), '{"name":"linked","main":"index.js"}');
  symlinkSync(join(root, 'outside', 'evil.js'), join(root, 'node_modules', 'linked', 'index.js'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('resolveFactoryModule', () => {
  describe('resolveFactoryModule, having a package installed under the application root', () => {
    it('resolves it from that root (not from @oneiric/remote) to a file URL inside the package', () => {
      expect(resolveFactoryModule('good', root)).toBe(`file://${join(root, 'node_modules', 'good', 'lib', 'index.js')}`);
    });
  });

  describe('resolveFactoryModule, having a package whose entry links outside it', () => {
    it('refuses it with factoryResolutionRefused, because the file run would not be the allowlisted package', () => {
      expect(() => resolveFactoryModule('linked', root)).toThrow(RemoteError);
      expect(() => resolveFactoryModule('linked', root)).toThrow(expect.objectContaining({ kind: RemoteErrorKind.factoryResolutionRefused }) as Error);
    });
  });

  describe('resolveFactoryModule, having a package that is not installed', () => {
    it('fails with artifactLoadFailed, because there is nothing to import', () => {
      expect(() => resolveFactoryModule('missing', root)).toThrow(expect.objectContaining({ kind: RemoteErrorKind.artifactLoadFailed }) as Error);
    });
  });
});
