/** Secrets in Infisical (`@infisical/sdk` is an optional peer dependency). */
import { secretsKey } from '../adapterKeys.js';
import type { InfisicalSDK } from '@infisical/sdk';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkSecretName, isSecretName } from './checkSecretName.js';
import { checkSecretValue } from './checkSecretValue.js';
import { checkVersionRequest } from './checkVersionRequest.js';
import { InfisicalSecretsSettings } from './infisicalSecretsSettings.js';
import type { SecretStore, SecretVersionRequest } from './secretStore.js';
import { infisicalStatusOf, toInfisicalError } from './toInfisicalError.js';

const PROVIDER = 'infisical';
const USER = { category: 'secrets', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'secrets', provider: PROVIDER } as const;

type SdkModule = typeof import('@infisical/sdk');

/**
 * Shared secrets of one project, environment and folder, read at each `get`. `rotate` updates
 * the secret's value (Infisical keeps the earlier one as a version) or creates the secret.
 * `getVersion` reads a version by number; Infisical has no stages (`unsupported`). `list` asks
 * for names only (no values travel).
 *
 * Authentication: a machine identity's Universal Auth (`clientId`, `clientSecret`), logged in
 * on first use and again once when the service answers 401 (an expired token), or a fixed
 * `accessToken`. Every call, with its login and the SDK's retries, has `requestTimeoutMs`.
 * Failures are AdapterErrors (see `toInfisicalError`); a value never appears in a message.
 * Priority 600.
 * @example
 * ```ts
 * const dsn = await secrets.get('SENTRY_DSN');
 * ```
 * @category Secrets
 */
@Adapter(secretsKey, PROVIDER, {
  priority: 600,
  settings: InfisicalSecretsSettings,
  capabilities: ['versions', 'rotation'],
  description: 'Infisical secrets (machine identity, Universal Auth)',
})
export class InfisicalSecrets implements SecretStore {
  readonly #settings: InfisicalSecretsSettings;
  #sdk: SdkModule | undefined;
  /** The logged-in client, while its token is good. */
  #client: Promise<InfisicalSDK> | undefined;

  /** @param settings - site, project, environment, folder, identity, limits */
  public constructor(@InjectSettings() settings: InfisicalSecretsSettings) {
    this.#settings = settings;
  }

  /**
   * Loads the SDK (the login happens on first use: see `health`).
   * @throws AdapterError `missingDependency` without `@infisical/sdk`; `invalidArgument` with
   *   neither an access token nor a client id and secret
   */
  public async init(): Promise<void> {
    const settings = this.#settings;
    if (settings.accessToken === undefined && (settings.clientId === undefined || settings.clientSecret === undefined)) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:secrets (${PROVIDER}): set clientId and clientSecret (Universal Auth) or accessToken`, CONTEXT);
    }
    this.#sdk = await loadOptionalDependency('@infisical/sdk', USER, () => import('@infisical/sdk'));
  }

  /** {@inheritDoc SecretStore.get} */
  public async get(name: string): Promise<string | undefined> {
    return this.#read(checkSecretName(name, PROVIDER), undefined);
  }

  /**

   * The value of one version of the secret, or undefined when there is no such secret or version.

   * A version number; stages are `unsupported`.

   */
  public async getVersion(name: string, which: SecretVersionRequest): Promise<string | undefined> {
    const checked = checkSecretName(name, PROVIDER);
    const { kind, value } = checkVersionRequest(which, PROVIDER);
    if (kind === 'stage' || !/^[1-9][0-9]{0,8}$/.test(value)) {
      throw new AdapterError(AdapterErrorKind.unsupported, `adapter:secrets (${PROVIDER}): Infisical versions are numbers; it has no stages`, CONTEXT);
    }
    return this.#read(checked, Number(value));
  }

  /**

   * Names of the secrets this store holds, sorted.

   * Names only; names `get` would refuse are left out.

   */
  public async list(): Promise<string[]> {
    const answer = await this.#call('list', async (client) => client.secrets().listSecrets({ ...this.#where(), viewSecretValue: false, expandSecretReferences: false }));
    return answer.secrets.map((secret) => secret.secretKey).filter((name) => isSecretName(name)).sort();
  }

  /**

   * Replaces the secret's value (readers see the old value or the new one).

   * Updates the value (a new version), or creates the secret.

   */
  public async rotate(name: string, value: string): Promise<void> {
    const checked = checkSecretName(name, PROVIDER);
    const secretValue = checkSecretValue(value, this.#settings.maxValueBytes, PROVIDER);
    try {
      await this.#call(`rotate ${checked}`, async (client) => client.secrets().updateSecret(checked, { ...this.#where(), secretValue }));
    } catch (error) {
      if (infisicalStatusOf((error as { cause?: unknown }).cause) !== 404) {
        throw error;
      }
      await this.#call(`create ${checked}`, async (client) => client.secrets().createSecret(checked, { ...this.#where(), secretValue }));
    }
  }

  /** True when a listing of the folder's names succeeds (logged in, and the identity may read it). */
  public async health(): Promise<boolean> {
    try {
      await this.list();
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the client and its token; later calls fail with `notReady`. */
  public async cleanup(): Promise<void> {
    this.#client = undefined;
    this.#sdk = undefined;
  }

  async #read(name: string, version: number | undefined): Promise<string | undefined> {
    try {
      const secret = await this.#call(`get ${name}`, async (client) => client.secrets().getSecret({
        ...this.#where(), secretName: name, expandSecretReferences: true, ...(version === undefined ? {} : { version }),
      }));
      return secret.secretValue;
    } catch (error) {
      if (infisicalStatusOf((error as { cause?: unknown }).cause) === 404) {
        return undefined;
      }
      throw error;
    }
  }

  #where(): { projectId: string; environment: string; secretPath: string } {
    return { projectId: this.#settings.projectId, environment: this.#settings.environment, secretPath: this.#settings.secretPath };
  }

  /** Runs `work` with a logged-in client within the time limit; logs in again once on a 401. */
  async #call<T>(operation: string, work: (client: InfisicalSDK) => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      try {
        return await work(await this.#loggedIn());
      } catch (error) {
        if (infisicalStatusOf(error) !== 401 || this.#settings.accessToken !== undefined) {
          throw error;
        }
        this.#client = undefined;
        return work(await this.#loggedIn());
      }
    };
    try {
      return await withTimeout(attempt(), this.#settings.requestTimeoutMs, `infisical ${operation}`);
    } catch (error) {
      throw toInfisicalError(operation, error);
    }
  }

  async #loggedIn(): Promise<InfisicalSDK> {
    const sdk = requireReady(this.#sdk, 'secrets', PROVIDER);
    const settings = this.#settings;
    this.#client ??= (async () => {
      const client = new sdk.InfisicalSDK({ siteUrl: settings.siteUrl });
      if (settings.accessToken !== undefined) {
        return client.auth().accessToken(settings.accessToken);
      }
      return client.auth().universalAuth.login({ clientId: settings.clientId ?? '', clientSecret: settings.clientSecret ?? '' });
    })();
    const pending = this.#client;
    // A failed login is not kept: the next call tries again.
    pending.catch(() => {
      if (this.#client === pending) this.#client = undefined;
    });
    return pending;
  }
}
