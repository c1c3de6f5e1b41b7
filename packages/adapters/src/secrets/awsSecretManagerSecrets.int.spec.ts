import { AdapterErrorKind } from '../errors/adapterError.js';
import { startAwsSecretsManagerStandIn, type AwsSecretsManagerStandIn } from '../testing/awsSecretsManagerStandIn.js';
import { secretStoreContract } from '../testing/secretStoreContract.js';
import { AwsSecretManagerSecrets } from './awsSecretManagerSecrets.js';
import { AwsSecretManagerSecretsSettings } from './awsSecretManagerSecretsSettings.js';

describe('AwsSecretManagerSecrets against a Secrets Manager stand-in (the official client, awsJson1_1)', () => {
  let standIn: AwsSecretsManagerStandIn;
  let secrets: AwsSecretManagerSecrets;
  let counter = 0;
  const settings = (overrides: Partial<AwsSecretManagerSecretsSettings> = {}): AwsSecretManagerSecretsSettings => Object.assign(new AwsSecretManagerSecretsSettings(), {
    endpoint: standIn.url, accessKeyId: 'test', secretAccessKey: 'test', namePrefix: 'app/', maxAttempts: 1, requestTimeoutMs: 5_000,
  }, overrides);
  beforeAll(async () => {
    standIn = await startAwsSecretsManagerStandIn();
  });
  afterAll(async () => {
    await standIn.stop();
  });
  beforeEach(async () => {
    secrets = new AwsSecretManagerSecrets(settings());
    await secrets.init();
  });
  afterEach(async () => {
    await secrets.cleanup();
  });

  describe('the secret store contract', () => {
    secretStoreContract(() => secrets, (base) => `${base}_${(counter += 1)}`);
  });

  it('keeps its secrets under namePrefix and lists them without it', async () => {
    await secrets.rotate('scoped', 'v');
    expect(standIn.secrets.has('app/scoped')).toBe(true);
    standIn.secrets.set('other/thing', []);
    expect(await secrets.list()).toContain('scoped');
    expect(await secrets.list()).not.toContain('other/thing');
  });

  it('reads earlier versions by staging label and by version id', async () => {
    await secrets.rotate('staged', 'v1');
    await secrets.rotate('staged', 'v2');
    expect(await secrets.getVersion('staged', { stage: 'AWSCURRENT' })).toBe('v2');
    expect(await secrets.getVersion('staged', { stage: 'AWSPREVIOUS' })).toBe('v1');
    const firstId = standIn.secrets.get('app/staged')?.[0]?.id ?? '';
    expect(await secrets.getVersion('staged', { version: firstId })).toBe('v1');
    expect(await secrets.getVersion('staged', { version: 'no-such-version' })).toBeUndefined();
    await expect(secrets.getVersion('staged', {})).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
  });

  it('sends each rotation with a fresh idempotency token through the awsJson1_1 protocol', async () => {
    await secrets.rotate('tokens', 'a');
    await secrets.rotate('tokens', 'b');
    const writes = standIn.requests.filter((request) => /PutSecretValue|CreateSecret/.test(String(request.headers['x-amz-target'])) && request.body.includes('app/tokens'));
    const tokens = writes.map((request) => (JSON.parse(request.body.toString('utf8')) as { ClientRequestToken?: string }).ClientRequestToken);
    expect(new Set(tokens).size).toBe(writes.length);
    expect(writes[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(String(writes[0]?.headers['authorization'])).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('refuses a value over maxValueBytes without sending it', async () => {
    const small = new AwsSecretManagerSecrets(settings({ maxValueBytes: 4 }));
    await small.init();
    const before = standIn.requests.length;
    await expect(small.rotate('big', 'too long')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    expect(standIn.requests.length).toBe(before);
    await small.cleanup();
  });

  it('is healthy while the service answers; fails with connectionFailed and is unhealthy when nothing listens', async () => {
    expect(await secrets.health()).toBe(true);
    const closed = new AwsSecretManagerSecrets(settings({ endpoint: 'http://127.0.0.1:1' }));
    await closed.init();
    expect(await closed.health()).toBe(false);
    await expect(closed.get('x')).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
    await closed.cleanup();
  });
});
