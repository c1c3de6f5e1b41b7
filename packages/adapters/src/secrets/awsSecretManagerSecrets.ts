/** Secrets in AWS Secrets Manager (`@aws-sdk/client-secrets-manager` is an optional peer dependency). */
import { secretsKey } from '../adapterKeys.js';
import { randomUUID } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { isCloudNotFound, toCloudError } from '../clients/toCloudError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { AwsSecretManagerSecretsSettings } from './awsSecretManagerSecretsSettings.js';
import { checkSecretName, isSecretName } from './checkSecretName.js';
import { checkSecretValue } from './checkSecretValue.js';
import { checkVersionRequest } from './checkVersionRequest.js';
import type { SecretStore, SecretVersionRequest } from './secretStore.js';

const PROVIDER = 'aws-secret-manager';
const USER = { category: 'secrets', provider: PROVIDER } as const;

type SecretsModule = typeof import('@aws-sdk/client-secrets-manager');

/**
 * Secrets under `namePrefix` in one region's Secrets Manager, read at each `get` (the version
 * staged `AWSCURRENT`). `rotate` puts a new version (PutSecretValue with a fresh client request
 * token): it becomes `AWSCURRENT` at once and the one before `AWSPREVIOUS`; a secret not there
 * yet is created. `getVersion` reads a version by VersionId or by staging label. Only string
 * secrets are served (a binary one is read as UTF-8).
 *
 * Every request has `connectTimeoutMs` to connect and `requestTimeoutMs` for its answer, and is
 * tried `maxAttempts` times. Failures are AdapterErrors (see `toCloudError`); a value never
 * appears in a message. Priority 560.
 * @example
 * ```ts
 * const password = await secrets.get('db_password');
 * const before = await secrets.getVersion?.('db_password', { stage: 'AWSPREVIOUS' });
 * ```
 * @category Secrets
 */
@Adapter(secretsKey, PROVIDER, {
  priority: 560,
  settings: AwsSecretManagerSecretsSettings,
  capabilities: ['versions', 'stages', 'rotation'],
  description: 'AWS Secrets Manager (versions and staging labels)',
})
export class AwsSecretManagerSecrets implements SecretStore {
  readonly #settings: AwsSecretManagerSecretsSettings;
  #sdk: SecretsModule | undefined;
  #client: SecretsManagerClient | undefined;

  /** @param settings - region, endpoint, credentials, prefix, limits */
  public constructor(@InjectSettings() settings: AwsSecretManagerSecretsSettings) {
    this.#settings = settings;
  }

  /**
   * Loads the SDK and creates the client (no request is made: see `health`).
   * @throws AdapterError `missingDependency` without `@aws-sdk/client-secrets-manager`
   */
  public async init(): Promise<void> {
    const sdk = await loadOptionalDependency('@aws-sdk/client-secrets-manager', USER, () => import('@aws-sdk/client-secrets-manager'));
    const settings = this.#settings;
    this.#client?.destroy();
    this.#sdk = sdk;
    this.#client = new sdk.SecretsManagerClient({
      region: settings.region,
      maxAttempts: settings.maxAttempts,
      requestHandler: { connectionTimeout: settings.connectTimeoutMs, requestTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true },
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      ...(settings.accessKeyId !== undefined && settings.secretAccessKey !== undefined
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
    });
  }

  /** {@inheritDoc SecretStore.get} */
  public async get(name: string): Promise<string | undefined> {
    return this.#read(checkSecretName(name, PROVIDER), {});
  }

  /** {@inheritDoc SecretStore.getVersion} */
  public async getVersion(name: string, which: SecretVersionRequest): Promise<string | undefined> {
    const checked = checkSecretName(name, PROVIDER);
    const { kind, value } = checkVersionRequest(which, PROVIDER);
    return this.#read(checked, kind === 'version' ? { VersionId: value } : { VersionStage: value });
  }

  /**

   * Names of the secrets this store holds, sorted.

   * Names under `namePrefix`, without it; names `get` would refuse are left out.

   */
  public async list(): Promise<string[]> {
    const { client, sdk } = this.#ready();
    const prefix = this.#settings.namePrefix;
    const names: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await client.send(new sdk.ListSecretsCommand({
          MaxResults: 100,
          ...(prefix === '' ? {} : { Filters: [{ Key: 'name', Values: [prefix] }] }),
          ...(token === undefined ? {} : { NextToken: token }),
        }));
        for (const entry of page.SecretList ?? []) {
          const name = entry.Name ?? '';
          if (name.startsWith(prefix) && isSecretName(name.slice(prefix.length))) names.push(name.slice(prefix.length));
        }
        token = page.NextToken;
      } while (token !== undefined && token !== '');
    } catch (error) {
      throw toCloudError(USER, 'list', error);
    }
    return names.sort();
  }

  /**

   * Replaces the secret's value (readers see the old value or the new one).

   * A new version staged AWSCURRENT; the secret is created when missing.

   */
  public async rotate(name: string, value: string): Promise<void> {
    const secretId = this.#settings.namePrefix + checkSecretName(name, PROVIDER);
    const secretString = checkSecretValue(value, this.#settings.maxValueBytes, PROVIDER);
    const { client, sdk } = this.#ready();
    try {
      await client.send(new sdk.PutSecretValueCommand({ SecretId: secretId, SecretString: secretString, ClientRequestToken: randomUUID() }));
    } catch (error) {
      if (!isCloudNotFound(error)) {
        throw toCloudError(USER, `rotate ${name}`, error);
      }
      try {
        await client.send(new sdk.CreateSecretCommand({ Name: secretId, SecretString: secretString, ClientRequestToken: randomUUID() }));
      } catch (createError) {
        throw toCloudError(USER, `create ${name}`, createError);
      }
    }
  }

  /** True when a ListSecrets of one entry succeeds (the service answers and the credentials may list). */
  public async health(): Promise<boolean> {
    try {
      const { client, sdk } = this.#ready();
      await client.send(new sdk.ListSecretsCommand({ MaxResults: 1 }));
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the client's connections; later calls fail with `notReady`. */
  public async cleanup(): Promise<void> {
    this.#client?.destroy();
    this.#client = undefined;
    this.#sdk = undefined;
  }

  async #read(name: string, version: { VersionId?: string; VersionStage?: string }): Promise<string | undefined> {
    const { client, sdk } = this.#ready();
    try {
      const answer = await client.send(new sdk.GetSecretValueCommand({ SecretId: this.#settings.namePrefix + name, ...version }));
      return answer.SecretString ?? (answer.SecretBinary === undefined ? undefined : Buffer.from(answer.SecretBinary).toString('utf8'));
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, `get ${name}`, error);
    }
  }

  #ready(): { client: SecretsManagerClient; sdk: SecretsModule } {
    return { client: requireReady(this.#client, 'secrets', PROVIDER), sdk: requireReady(this.#sdk, 'secrets', PROVIDER) };
  }
}
