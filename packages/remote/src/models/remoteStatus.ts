/** What the last syncs did, persisted to `<cache_dir>/remote_status.json`. */

/**
 * Telemetry of remote syncs. Times are ISO 8601; absent fields mean "never".
 * @category Models
 */
export interface RemoteStatus {
  /** Last successful sync. */
  lastSuccessAt?: string;
  /** Last failed sync. */
  lastFailureAt?: string;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** Message of the last failure (never holds secrets). */
  lastError?: string;
  /** `kind` of the last failure, when it was a `RemoteError`. */
  lastErrorKind?: string;
  /** Manifest address of the last sync. */
  lastSource?: string;
  /** Whether the last success came from the cache (offline start). */
  lastOffline?: boolean;
  /** Serial of the manifest in use. */
  lastSerial?: number;
  /** Entries registered (new or changed) by the last success. */
  lastRegistered?: number;
  /** Entries left alone because they had not changed. */
  lastUnchanged?: number;
  /** Entries retracted because the manifest no longer listed them. */
  lastRetracted?: number;
  /** Entries skipped as invalid or refused. */
  lastSkipped?: number;
  /** Artifacts whose digest was checked. */
  lastDigestChecks?: number;
  /** Registered entries per domain. */
  lastPerDomain?: Record<string, number>;
  /** Duration of the last sync, in milliseconds. */
  lastDurationMs?: number;
}
