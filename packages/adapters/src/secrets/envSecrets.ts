/** Secrets read from environment variables under a prefix. */
import { secretsKey } from '../adapterKeys.js';
import { Adapter, InjectSettings } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkSecretName, isSecretName } from './checkSecretName.js';
import { EnvSecretsSettings } from './envSecretsSettings.js';
import type { SecretStore } from './secretStore.js';

/**
 * Serves `process.env[prefix + name]`, read at each call so a value changed in the process's
 * environment is seen at once. Read-only: rotation happens where the environment is set
 * (`rotate` fails with `unsupported`). Priority 100.
 * @example
 * ```ts
 * // ONEIRIC_SECRET_db_password=... in the environment
 * const password = await secrets.get('db_password');
 * ```
 * @category Secrets
 */
@Adapter(secretsKey, 'env', {
  priority: 100,
  settings: EnvSecretsSettings,
  capabilities: ['embedded'],
  description: 'secrets from environment variables',
})
export class EnvSecrets implements SecretStore {
  readonly #prefix: string;

  /** @param settings - the variable prefix */
  public constructor(@InjectSettings() settings: EnvSecretsSettings) {
    this.#prefix = settings.prefix;
  }

  /** {@inheritDoc SecretStore.get} */
  public async get(name: string): Promise<string | undefined> {
    return process.env[this.#prefix + checkSecretName(name, 'env')];
  }

  /**
   * Names of the secrets this store holds, sorted. Variables under the prefix whose rest is not a valid secret name (see `checkSecretName`) are
   * left out: `get` would refuse them.
   */
  public async list(): Promise<string[]> {
    return Object.keys(process.env)
      .filter((variable) => variable.startsWith(this.#prefix))
      .map((variable) => variable.slice(this.#prefix.length))
      .filter((name) => isSecretName(name))
      .sort();
  }

  /**
   * Always fails: a process cannot rotate the environment it was started with for others.
   * @throws AdapterError `unsupported`
   */
  public async rotate(name: string): Promise<void> {
    checkSecretName(name, 'env');
    throw new AdapterError(AdapterErrorKind.unsupported, 'adapter:secrets (env): environment secrets are read-only; rotate them where the environment is set', {
      domain: 'adapter', key: 'secrets', provider: 'env',
    });
  }

  /** Always healthy: the environment is always there. */
  public async health(): Promise<boolean> {
    return true;
  }
}
