/** The contract of the `secrets` category: every secret provider implements it. */

/**
 * Which version of a secret to read: by the service's version id, or by a stage (label, alias).
 * @category Secrets
 */
export interface SecretVersionRequest {
  /** The service's version id (AWS VersionId, GCP version number, Infisical version). */
  readonly version?: string;
  /** A stage or alias naming a version (AWS `AWSPREVIOUS`, a GCP version alias). */
  readonly stage?: string;
}

/**
 * Named secrets. Values are read at each `get` (never cached), so a rotated secret is seen by
 * the next call without a restart. Names match `[A-Za-z0-9_.-]{1,255}`. Every method is async so
 * a circuit breaker can guard it.
 * @category Secrets
 */
export interface SecretStore {
  /** The secret's current value, or undefined when there is none. */
  get(name: string): Promise<string | undefined>;
  /** Names of the secrets this store holds, sorted. */
  list(): Promise<string[]>;
  /**
   * Replaces the secret's value atomically (readers see the old value or the new one).
   * @throws AdapterError `unsupported` on read-only stores
   */
  rotate(name: string, value: string): Promise<void>;
  /**
   * The value of one version of the secret, or undefined when there is no such secret or version;
   * present only on providers whose service keeps versions (capability `versions`).
   * @throws AdapterError `unsupported` for a stage on a service without stages; `invalidArgument`
   *   for a request naming neither or both
   */
  getVersion?(name: string, which: SecretVersionRequest): Promise<string | undefined>;
}
