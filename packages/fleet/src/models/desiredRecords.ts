/** The desired-state records an operator writes into the fleet bucket (selections, pause/drain, floor). */
import type { Domain } from '@oneiric/core';

/**
 * `selection.<domain>.<key>`: the provider every instance should run for a key.
 * @category Models
 */
export interface SelectionRecord {
  /** Record format version (1). */
  readonly v: 1;
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider every instance runs (unless a running rollout moved it). */
  readonly provider: string;
  /** When it was written (ISO 8601). */
  readonly at: string;
  /** Who wrote it (an instance id, `cli@host`). */
  readonly by: string;
}

/**
 * `activity.<domain>.<key>`: whether every instance refuses new work on a key. Resuming writes
 * `paused: false, draining: false` (a key without a record is left to each instance).
 * @category Models
 */
export interface ActivityRecord {
  /** Record format version (1). */
  readonly v: 1;
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** New calls are refused with `paused`. */
  readonly paused: boolean;
  /** In-flight calls finish, new ones are refused. */
  readonly draining: boolean;
  /** Why (shown by `status`), or null. */
  readonly note: string | null;
  /** When it was written (ISO 8601). */
  readonly at: string;
  /** Who wrote it. */
  readonly by: string;
}

/**
 * `manifest.floor`: the remote manifest anti-rollback floor of the whole fleet. Only ever raised:
 * a manifest accepted by one instance raises it, and every instance refuses manifests below it.
 * @category Models
 */
export interface FloorRecord {
  /** Record format version (1). */
  readonly v: 1;
  /** Highest accepted manifest serial. */
  readonly serial: number;
  /** Hex SHA-256 of that manifest's signed payload. */
  readonly digest: string;
  /** When it was raised (ISO 8601). */
  readonly at: string;
  /** The instance that raised it. */
  readonly by: string;
}
