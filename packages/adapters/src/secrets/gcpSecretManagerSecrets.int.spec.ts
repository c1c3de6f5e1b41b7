import { createPublicKey, createVerify } from 'node:crypto';
import { AdapterErrorKind } from '../errors/adapterError.js';
import { startGcpSecretManagerStandIn, type GcpSecretManagerStandIn } from '../testing/gcpSecretManagerStandIn.js';
import { secretStoreContract } from '../testing/secretStoreContract.js';
import { testServiceAccountKey } from '../testing/serviceAccountKey.js';
import { GcpSecretManagerSecrets } from './gcpSecretManagerSecrets.js';
import { GcpSecretManagerSecretsSettings } from './gcpSecretManagerSecretsSettings.js';

const PROJECT = 'oneiric-test';

describe('GcpSecretManagerSecrets against a Secret Manager stand-in (the official client, REST transport)', () => {
  const key = testServiceAccountKey(PROJECT);
  let standIn: GcpSecretManagerStandIn;
  let secrets: GcpSecretManagerSecrets;
  let counter = 0;
  const settings = (overrides: Partial<GcpSecretManagerSecretsSettings> = {}): GcpSecretManagerSecretsSettings => Object.assign(new GcpSecretManagerSecretsSettings(), {
    projectId: PROJECT, apiEndpoint: '127.0.0.1', port: standIn.port, protocol: 'http', credentialsJson: key.json, namePrefix: 'app_', requestTimeoutMs: 5_000,
  }, overrides);
  beforeAll(async () => {
    standIn = await startGcpSecretManagerStandIn();
  });
  afterAll(async () => {
    await standIn.stop();
  });
  beforeEach(async () => {
    secrets = new GcpSecretManagerSecrets(settings());
    await secrets.init();
  });
  afterEach(async () => {
    await secrets.cleanup();
  });

  describe('the secret store contract', () => {
    secretStoreContract(() => secrets, (base) => `${base}_${(counter += 1)}`);
  });

  it('reads earlier versions by number and by alias', async () => {
    await secrets.rotate('versioned', 'v1');
    await secrets.rotate('versioned', 'v2');
    standIn.secrets.get(`projects/${PROJECT}/secrets/app_versioned`)?.aliases.set('stable', 1);
    expect(await secrets.getVersion('versioned', { version: '1' })).toBe('v1');
    expect(await secrets.getVersion('versioned', { version: '2' })).toBe('v2');
    expect(await secrets.getVersion('versioned', { stage: 'stable' })).toBe('v1');
    expect(await secrets.getVersion('versioned', { version: '9' })).toBeUndefined();
  });

  it('signs its own tokens with the service account key (no token endpoint is asked)', async () => {
    await secrets.get('anything');
    const token = String(standIn.requests.at(-1)?.headers['authorization']).replace(/^Bearer /, '');
    const [header, payload, signature] = token.split('.');
    const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
    expect(verifier.verify(createPublicKey(key.publicKey), Buffer.from(signature ?? '', 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))).toMatchObject({ iss: `oneiric-test@${PROJECT}.iam.gserviceaccount.com` });
  });

  it('refuses a name with a dot (not a Secret Manager id) before any call', async () => {
    const before = standIn.requests.length;
    await expect(secrets.get('has.dot')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    expect(standIn.requests.length).toBe(before);
  });

  it('is healthy while the service answers; fails with connectionFailed and is unhealthy when nothing listens', async () => {
    expect(await secrets.health()).toBe(true);
    const closed = new GcpSecretManagerSecrets(settings({ port: 1 }));
    await closed.init();
    expect(await closed.health()).toBe(false);
    await expect(closed.get('x')).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
    await closed.cleanup();
  });
});
