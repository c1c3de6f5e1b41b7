import { AdapterErrorKind } from '../errors/adapterError.js';
import { EnvSecrets } from './envSecrets.js';
import { EnvSecretsSettings } from './envSecretsSettings.js';

describe('EnvSecrets', () => {
  const prefix = `ONEIRIC_TEST_SECRET_${process.pid}_`;
  const secrets = new EnvSecrets(Object.assign(new EnvSecretsSettings(), { prefix }));
  afterEach(() => {
    for (const variable of Object.keys(process.env).filter((name) => name.startsWith(prefix))) {
      delete process.env[variable];
    }
  });

  describe('get and list', () => {
    it('reads prefixed variables at each call, so a changed value is seen at once', async () => {
      process.env[`${prefix}db_password`] = 'one';
      process.env[`${prefix}api.token`] = 't';
      expect(await secrets.get('db_password')).toBe('one');
      process.env[`${prefix}db_password`] = 'two';
      expect(await secrets.get('db_password')).toBe('two');
      expect(await secrets.get('absent')).toBeUndefined();
      expect(await secrets.list()).toEqual(['api.token', 'db_password']);
    });
  });

  describe('list', () => {
    // Failed before the fix: list() answered "a b" and "caf\u00e9", names get() refuses with invalidArgument.
    it('leaves out variables whose rest is not a valid secret name, so every listed name can be read', async () => {
      process.env[`${prefix}ok_name`] = '1';
      process.env[`${prefix}a b`] = '2';
      process.env[`${prefix}caf\u00e9`] = '3';
      process.env[`${prefix}..`] = '4';
      const names = await secrets.list();
      expect(names).toEqual(['ok_name']);
      for (const name of names) {
        await expect(secrets.get(name)).resolves.toBeDefined();
      }
    });
  });

  describe('bad input', () => {
    it('refuses a name with a slash or a space (invalidArgument: not a plain name)', async () => {
      await expect(secrets.get('a/b')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(secrets.get('a b')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses rotate with AdapterError unsupported (the environment is read-only here)', async () => {
      await expect(secrets.rotate('db_password')).rejects.toMatchObject({ kind: AdapterErrorKind.unsupported });
    });
  });

  describe('health', () => {
    it('is healthy', async () => {
      expect(await secrets.health()).toBe(true);
    });
  });
});
