/** What one remote sync did. */

/**
 * An entry that was not used, and why.
 * @category Models
 */
export interface SkippedEntry {
  /** `domain:key:provider` as listed. */
  readonly id: string;
  /** Position in the manifest's `entries`. */
  readonly index: number;
  /** `invalidEntry`, or the `RemoteErrorKind` of a security refusal. */
  readonly kind: string;
  /** Why. */
  readonly reason: string;
}

/**
 * The outcome of `RemoteSync.sync()` or `RemoteSync.syncFromCache()`.
 * @category Models
 */
export interface SyncResult {
  /** Serial of the manifest now in use. */
  readonly serial: number;
  /** Where it came from. */
  readonly source: string;
  /** True when it came from the cache because the remote was unreachable (or on purpose). */
  readonly offline: boolean;
  /** Ids of the distinct trusted keys that signed it. */
  readonly signerKeyIds: readonly string[];
  /** Ids registered (new or changed). */
  readonly registered: readonly string[];
  /** Ids left alone. */
  readonly unchanged: readonly string[];
  /** Ids retracted. */
  readonly retracted: readonly string[];
  /** Entries skipped. */
  readonly skipped: readonly SkippedEntry[];
  /** Entries in use per domain. */
  readonly perDomain: Readonly<Record<string, number>>;
  /** Artifacts whose digest was checked. */
  readonly digestChecks: number;
  /** How long the sync took. */
  readonly durationMs: number;
  /** Message of the error raised while activating the new winners (`app.sync()`), if any; the registry change stands. */
  readonly activationError?: string;
}
