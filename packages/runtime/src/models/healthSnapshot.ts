/** What `<cache_dir>/runtime/health.json` holds, and what `/v1/health` answers. */
import type { FleetAgentView } from '@oneiric/fleet';

/**
 * One key's state in a {@link HealthSnapshot}.
 * @category Health and reports
 */
export interface KeyHealth {
  /** The key's domain. */
  readonly domain: string;
  /** The key. */
  readonly key: string;
  /** Lifecycle state (`ready`, `failed`, `activating`...). */
  readonly state: string;
  /** The live provider, when there is one. */
  readonly provider?: string;
  /** Whether the live instance last answered its health check (null: never checked). */
  readonly healthy: boolean | null;
  /** Whether the key refuses new calls. */
  readonly paused: boolean;
  /** Whether the key lets in-flight calls finish and refuses new ones. */
  readonly draining: boolean;
  /** The live provider's circuit breaker state, when it has one. */
  readonly breaker?: string;
}

/**
 * Remote manifest state in a {@link HealthSnapshot}.
 * @category Health and reports
 */
export interface RemoteHealth {
  /** Whether remote sync is configured. */
  readonly enabled: boolean;
  /** Last successful sync (ISO 8601). */
  readonly lastSuccessAt?: string;
  /** Last failed sync (ISO 8601). */
  readonly lastFailureAt?: string;
  /** Why the last sync failed. */
  readonly lastError?: string;
  /** Serial of the manifest in use. */
  readonly serial?: number;
}

/**
 * A runtime's state as a whole.
 * @category Health and reports
 */
export interface HealthSnapshot {
  /** Process id. */
  readonly pid: number;
  /** When the runtime started (ISO 8601). */
  readonly startedAt: string;
  /** When this snapshot was taken (ISO 8601). */
  readonly updatedAt: string;
  /** The active profile. */
  readonly profile: string;
  /** `starting`, `running`, `stopping` or `stopped`. */
  readonly phase: 'starting' | 'running' | 'stopping' | 'stopped';
  /** Whether `/readyz` answers 200: every key ready, none failed, not shutting down. */
  readonly ready: boolean;
  /** Every key of every domain. */
  readonly keys: readonly KeyHealth[];
  /** Remote sync. */
  readonly remote: RemoteHealth;
  /** Which watchers run (selection watcher per domain, activity watcher...). */
  readonly watchers: readonly string[];
  /** The fleet agent (connected, applied and desired revisions), when `fleet.enabled`. */
  readonly fleet?: FleetAgentView;
}
