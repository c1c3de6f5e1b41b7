/** The contract of the `secrets` category: every secret provider implements it. */

/**
 * Named secrets. Values are read at each `get` (never cached), so a rotated secret is seen by
 * the next call without a restart. Names match `[A-Za-z0-9_.-]{1,255}`. Every method is async so
 * a circuit breaker can guard it.
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
}
