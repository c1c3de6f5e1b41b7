import { AdapterErrorKind } from '../errors/adapterError.js';
import { startInfisicalStandIn, type InfisicalStandIn } from '../testing/infisicalStandIn.js';
import { secretStoreContract } from '../testing/secretStoreContract.js';
import { InfisicalSecrets } from './infisicalSecrets.js';
import { InfisicalSecretsSettings } from './infisicalSecretsSettings.js';

const PROJECT = 'proj-1';

describe('InfisicalSecrets against an Infisical API stand-in (the official SDK)', () => {
  let standIn: InfisicalStandIn;
  let secrets: InfisicalSecrets;
  let counter = 0;
  const settings = (overrides: Partial<InfisicalSecretsSettings> = {}): InfisicalSecretsSettings => Object.assign(new InfisicalSecretsSettings(), {
    siteUrl: standIn.url, projectId: PROJECT, environment: 'dev', secretPath: '/app', clientId: 'machine', clientSecret: 'machine-secret', requestTimeoutMs: 5_000,
  }, overrides);
  beforeAll(async () => {
    standIn = await startInfisicalStandIn('machine', 'machine-secret', PROJECT);
  });
  afterAll(async () => {
    await standIn.stop();
  });
  beforeEach(async () => {
    secrets = new InfisicalSecrets(settings());
    await secrets.init();
  });
  afterEach(async () => {
    await secrets.cleanup();
  });

  describe('the secret store contract', () => {
    secretStoreContract(() => secrets, (base) => `${base}_${(counter += 1)}`);
  });

  it('keeps to its environment and folder', async () => {
    await secrets.rotate('scoped', 'v');
    expect(standIn.secrets.has('dev:/app:scoped')).toBe(true);
    const other = new InfisicalSecrets(settings({ secretPath: '/other' }));
    await other.init();
    expect(await other.get('scoped')).toBeUndefined();
    expect(await other.list()).toEqual([]);
  });

  it('reads earlier versions by number and refuses stages', async () => {
    await secrets.rotate('versioned', 'v1');
    await secrets.rotate('versioned', 'v2');
    expect(await secrets.getVersion('versioned', { version: '1' })).toBe('v1');
    expect(await secrets.get('versioned')).toBe('v2');
    await expect(secrets.getVersion('versioned', { stage: 'previous' })).rejects.toMatchObject({ kind: AdapterErrorKind.unsupported });
  });

  it('lists names without asking for values', async () => {
    await secrets.list();
    expect(standIn.requests.at(-1)?.url.searchParams.get('viewSecretValue')).toBe('false');
  });

  it('logs in once, and again when its token expired', async () => {
    const before = standIn.logins();
    await secrets.rotate('token_test', 'x');
    await secrets.get('token_test');
    expect(standIn.logins()).toBe(before + 1);
    standIn.expireTokens();
    expect(await secrets.get('token_test')).toBe('x');
    expect(standIn.logins()).toBe(before + 2);
  });

  it('fails with permissionDenied for a wrong client secret, and is unhealthy', async () => {
    const wrong = new InfisicalSecrets(settings({ clientSecret: 'nope' }));
    await wrong.init();
    await expect(wrong.get('x')).rejects.toMatchObject({ kind: AdapterErrorKind.permissionDenied });
    expect(await wrong.health()).toBe(false);
    expect(await secrets.health()).toBe(true);
  });

  it('refuses settings without credentials at init', async () => {
    const none = new InfisicalSecrets(Object.assign(new InfisicalSecretsSettings(), { siteUrl: standIn.url, projectId: PROJECT }));
    await expect(none.init()).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
  });
});
