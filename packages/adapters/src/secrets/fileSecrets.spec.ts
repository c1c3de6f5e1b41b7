import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { FileSecrets } from './fileSecrets.js';
import { FileSecretsSettings } from './fileSecretsSettings.js';

describe('FileSecrets', () => {
  let base: string;
  let directory: string;
  let secrets: FileSecrets;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'oneiric-secrets-'));
    directory = join(base, 'secrets');
    secrets = new FileSecrets(Object.assign(new FileSecretsSettings(), { directory }));
    await secrets.init();
  });
  afterEach(async () => {
    await secrets.cleanup();
    await rm(base, { recursive: true, force: true });
  });

  describe('init', () => {
    it('creates a private directory', async () => {
      expect((await stat(directory)).mode & 0o777).toBe(0o700);
      expect(await secrets.health()).toBe(true);
    });
  });

  describe('rotate and get', () => {
    it('writes 0600 files atomically, and the next get sees the new value', async () => {
      await secrets.rotate('api_token', 'first');
      expect(await secrets.get('api_token')).toBe('first');
      await secrets.rotate('api_token', 'second');
      expect(await secrets.get('api_token')).toBe('second');
      expect((await stat(join(directory, 'api_token'))).mode & 0o777).toBe(0o600);
      expect(await readdir(directory)).toEqual(['api_token']);
    });

    it('drops one trailing newline of a hand-written file', async () => {
      await writeFile(join(directory, 'typed'), 'value\n', { mode: 0o600 });
      expect(await secrets.get('typed')).toBe('value');
    });

    it('answers undefined for a missing secret and lists the present ones', async () => {
      await secrets.rotate('b', '2');
      await secrets.rotate('a', '1');
      expect(await secrets.get('missing')).toBeUndefined();
      expect(await secrets.list()).toEqual(['a', 'b']);
    });
  });

  describe('list', () => {
    // Failed before the fix: list() answered "my secret" and "caf\u00e9", names get() refuses with invalidArgument.
    it('leaves out files whose name is not a valid secret name, so every listed name can be read', async () => {
      await secrets.rotate('api_token', 'x');
      await writeFile(join(directory, 'my secret'), 'y', { mode: 0o600 });
      await writeFile(join(directory, 'caf\u00e9'), 'z', { mode: 0o600 });
      const names = await secrets.list();
      expect(names).toEqual(['api_token']);
      for (const name of names) {
        await expect(secrets.get(name)).resolves.toBe('x');
      }
    });
  });

  describe('bad input', () => {
    it('refuses a file readable by others with AdapterError insecurePermissions (its secret may be known)', async () => {
      await writeFile(join(directory, 'leaky'), 'x', { mode: 0o600 });
      await chmod(join(directory, 'leaky'), 0o644);
      await expect(secrets.get('leaky')).rejects.toMatchObject({ kind: AdapterErrorKind.insecurePermissions });
    });

    it('get refuses a symlink with AdapterError insecurePermissions, even to a 0600 file (it could point at any file this user can read)', async () => {
      const outside = join(base, 'outside');
      await writeFile(outside, 'not a secret of this store', { mode: 0o600 });
      await symlink(outside, join(directory, 'linked'));
      const attempt = secrets.get('linked');
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.insecurePermissions });
    });

    it('get refuses a FIFO with AdapterError insecurePermissions at once (opening it must not wait for a writer)', async () => {
      execFileSync('mkfifo', ['-m', '600', join(directory, 'pipe')]);
      const started = Date.now();
      const attempt = secrets.get('pipe');
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.insecurePermissions });
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('get refuses a directory with AdapterError insecurePermissions (only regular files hold secrets)', async () => {
      await mkdir(join(directory, 'folder'), { mode: 0o700 });
      await expect(secrets.get('folder')).rejects.toMatchObject({ kind: AdapterErrorKind.insecurePermissions });
    });

    it('init refuses a directory that others may write to with AdapterError insecurePermissions (they could replace the secrets)', async () => {
      const shared = join(base, 'shared');
      await mkdir(shared);
      await chmod(shared, 0o777);
      const attempt = new FileSecrets(Object.assign(new FileSecretsSettings(), { directory: shared })).init();
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.insecurePermissions });
    });

    it('init refuses a directory that is a symlink with AdapterError insecurePermissions (it could be redirected)', async () => {
      const linked = join(base, 'linked-dir');
      await symlink(directory, linked);
      const attempt = new FileSecrets(Object.assign(new FileSecretsSettings(), { directory: linked })).init();
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.insecurePermissions });
    });

    it('refuses path-like names with AdapterError invalidArgument (they could leave the directory)', async () => {
      await expect(secrets.get('../etc/passwd')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(secrets.rotate('..', 'x')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses calls after cleanup with AdapterError notReady', async () => {
      await secrets.cleanup();
      await expect(secrets.list()).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });

    it('rotate refuses a name taken by a directory with AdapterError invalidArgument, keeping the EISDIR error as cause and the value out of the message (rename cannot replace a directory)', async () => {
      await mkdir(join(directory, 'occupied'));
      const attempt = secrets.rotate('occupied', 'hunter2-value');
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, cause: expect.objectContaining({ code: 'EISDIR' }) });
      const message = await attempt.catch((error: Error) => error.message);
      expect(message).toContain('occupied');
      expect(message).not.toContain('hunter2-value');
      // The temporary file was removed.
      expect(await readdir(directory)).toEqual(['occupied']);
    });
  });

  describe('when the directory disappears', () => {
    it('fails list with AdapterError fileSystemFailed, keeping the ENOENT error as cause (the provider\'s own directory is gone)', async () => {
      await rm(directory, { recursive: true });
      const listing = secrets.list();
      await expect(listing).rejects.toBeInstanceOf(AdapterError);
      await expect(listing).rejects.toMatchObject({ kind: AdapterErrorKind.fileSystemFailed, cause: expect.objectContaining({ code: 'ENOENT' }) });
    });
  });
});
