/** Secrets in Google Cloud Secret Manager (`@google-cloud/secret-manager` is an optional peer dependency). */
import { secretsKey } from '../adapterKeys.js';
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { isCloudNotFound, toCloudError } from '../clients/toCloudError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkSecretName } from './checkSecretName.js';
import { checkSecretValue } from './checkSecretValue.js';
import { checkVersionRequest } from './checkVersionRequest.js';
import { GcpSecretManagerSecretsSettings } from './gcpSecretManagerSecretsSettings.js';
import type { SecretStore, SecretVersionRequest } from './secretStore.js';

const PROVIDER = 'gcp-secret-manager';
const USER = { category: 'secrets', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'secrets', provider: PROVIDER } as const;
// Secret Manager's secret ids: no dots, unlike the names of the other stores.
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

function payloadText(data: Uint8Array | string | null | undefined): string | undefined {
  if (data === null || data === undefined) {
    return undefined;
  }
  return typeof data === 'string' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data).toString('utf8');
}

/**
 * Secrets under `namePrefix` in one project, read at each `get` (version `latest`). `rotate`
 * adds a version (it becomes `latest`; earlier ones stay readable by number); a secret not there
 * yet is created with automatic replication. `getVersion` reads a version by number or by alias
 * (`stage`). Names are secret ids: `[A-Za-z0-9_-]`, no dots (`invalidArgument`).
 *
 * The client uses its HTTP/JSON REST transport (no gRPC). Every call has `requestTimeoutMs`.
 * Credentials: `credentialsJson` (a service account key, which signs its own tokens, so no token
 * request is made) or Application Default Credentials. Failures are AdapterErrors (see
 * `toCloudError`); a value never appears in a message. Priority 550.
 * @example
 * ```ts
 * await secrets.rotate('api_key', next);
 * const first = await secrets.getVersion?.('api_key', { version: '1' });
 * ```
 * @category Secrets
 */
@Adapter(secretsKey, PROVIDER, {
  priority: 550,
  settings: GcpSecretManagerSecretsSettings,
  capabilities: ['versions', 'aliases', 'rotation'],
  description: 'Google Cloud Secret Manager (versions and aliases)',
})
export class GcpSecretManagerSecrets implements SecretStore {
  readonly #settings: GcpSecretManagerSecretsSettings;
  #client: SecretManagerServiceClient | undefined;

  /** @param settings - project, endpoint, credentials, prefix, limits */
  public constructor(@InjectSettings() settings: GcpSecretManagerSecretsSettings) {
    this.#settings = settings;
  }

  /**
   * Loads the library and creates the client (no request is made: see `health`).
   * @throws AdapterError `missingDependency` without `@google-cloud/secret-manager`;
   *   `invalidArgument` for `credentialsJson` that is not JSON
   */
  public async init(): Promise<void> {
    const library = await loadOptionalDependency('@google-cloud/secret-manager', USER, () => import('@google-cloud/secret-manager'));
    const settings = this.#settings;
    let credentials: Record<string, unknown> | undefined;
    if (settings.credentialsJson !== undefined) {
      try {
        credentials = JSON.parse(settings.credentialsJson) as Record<string, unknown>;
      } catch {
        // The parse error would quote the key: it is left out.
        throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:secrets (${PROVIDER}): credentialsJson is not JSON`, CONTEXT);
      }
    }
    await this.#client?.close();
    this.#client = new library.SecretManagerServiceClient({
      fallback: true,
      projectId: settings.projectId,
      ...(settings.apiEndpoint === undefined ? {} : { apiEndpoint: settings.apiEndpoint, port: settings.port, protocol: settings.protocol }),
      ...(credentials === undefined ? {} : { credentials }),
    });
  }

  /** {@inheritDoc SecretStore.get} */
  public async get(name: string): Promise<string | undefined> {
    return this.#access(this.#secretPath(name), 'latest');
  }

  /**

   * The value of one version of the secret, or undefined when there is no such secret or version.

   * A version number, or an alias as `stage`.

   */
  public async getVersion(name: string, which: SecretVersionRequest): Promise<string | undefined> {
    const path = this.#secretPath(name);
    return this.#access(path, checkVersionRequest(which, PROVIDER).value);
  }

  /**

   * Names of the secrets this store holds, sorted.

   * Ids under `namePrefix`, without it.

   */
  public async list(): Promise<string[]> {
    const client = requireReady(this.#client, 'secrets', PROVIDER);
    const prefix = this.#settings.namePrefix;
    const names: string[] = [];
    try {
      const pages = client.listSecretsAsync({ parent: `projects/${this.#settings.projectId}`, pageSize: 250 }, { timeout: this.#settings.requestTimeoutMs });
      for await (const secret of pages) {
        const id = (secret.name ?? '').split('/').pop() ?? '';
        if (id.startsWith(prefix) && SECRET_ID.test(id.slice(prefix.length))) names.push(id.slice(prefix.length));
      }
    } catch (error) {
      throw toCloudError(USER, 'list', error);
    }
    return names.sort();
  }

  /**

   * Replaces the secret's value (readers see the old value or the new one).

   * A new version (the new `latest`); the secret is created when missing.

   */
  public async rotate(name: string, value: string): Promise<void> {
    const path = this.#secretPath(name);
    const data = Buffer.from(checkSecretValue(value, this.#settings.maxValueBytes, PROVIDER), 'utf8');
    const client = requireReady(this.#client, 'secrets', PROVIDER);
    const options = { timeout: this.#settings.requestTimeoutMs };
    try {
      await client.addSecretVersion({ parent: path, payload: { data } }, options);
    } catch (error) {
      if (!isCloudNotFound(error)) {
        throw toCloudError(USER, `rotate ${name}`, error);
      }
      try {
        await client.createSecret({ parent: `projects/${this.#settings.projectId}`, secretId: path.split('/').pop() ?? '', secret: { replication: { automatic: {} } } }, options);
        await client.addSecretVersion({ parent: path, payload: { data } }, options);
      } catch (createError) {
        throw toCloudError(USER, `create ${name}`, createError);
      }
    }
  }

  /** True when a listing of one secret succeeds (the service answers and the credentials may list). */
  public async health(): Promise<boolean> {
    try {
      const client = requireReady(this.#client, 'secrets', PROVIDER);
      await client.listSecrets({ parent: `projects/${this.#settings.projectId}`, pageSize: 1 }, { timeout: this.#settings.requestTimeoutMs, autoPaginate: false });
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the client; later calls fail with `notReady`. */
  public async cleanup(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }

  async #access(path: string, version: string): Promise<string | undefined> {
    const client = requireReady(this.#client, 'secrets', PROVIDER);
    try {
      const [answer] = await client.accessSecretVersion({ name: `${path}/versions/${version}` }, { timeout: this.#settings.requestTimeoutMs });
      return payloadText(answer.payload?.data);
    } catch (error) {
      if (isCloudNotFound(error)) {
        return undefined;
      }
      throw toCloudError(USER, `get ${path.split('/').pop() ?? ''}`, error);
    }
  }

  /** `projects/<project>/secrets/<prefix><name>` of a checked name. */
  #secretPath(name: string): string {
    const checked = checkSecretName(name, PROVIDER);
    if (!SECRET_ID.test(checked)) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:secrets (${PROVIDER}): invalid secret name ${JSON.stringify(name)}: Secret Manager ids hold [A-Za-z0-9_-] only`, CONTEXT);
    }
    return `projects/${this.#settings.projectId}/secrets/${this.#settings.namePrefix}${checked}`;
  }
}
