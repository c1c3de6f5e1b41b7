/** Builds the runtime's health snapshot from what was read (a pure calculation). */
import type { HealthSnapshot, KeyHealth, RemoteHealth } from '../models/healthSnapshot.js';

/**
 * What the application says about one key, read without probing.
 * @category Health and reports
 */
export interface KeyReading {
  /** The key's domain. */
  readonly domain: string;
  /** The key. */
  readonly key: string;
  /** Lifecycle state (`unknown`, `activating`, `ready`, `failed`, `closed`). */
  readonly state: string;
  /** The live provider, when there is one. */
  readonly provider?: string;
  /** Why the live provider is counted unhealthy (failed check or forced), when it is. */
  readonly unhealthyReason?: string;
  /** When a health check last ran (ISO 8601), when one did. */
  readonly lastHealthAt?: string;
  /** The live provider's circuit breaker state, when the key is guarded. */
  readonly breaker?: string;
}

/**
 * The pause/drain state of one key, as the activity store lists it.
 * @category Health and reports
 */
export interface ActivityReading {
  /** The key's domain. */
  readonly domain: string;
  /** The key. */
  readonly key: string;
  /** Refuses new calls. */
  readonly paused: boolean;
  /** Lets in-flight calls finish, refuses new ones. */
  readonly draining: boolean;
}

/**
 * Everything {@link buildHealthSnapshot} needs.
 * @category Health and reports
 */
export interface HealthInputs {
  /** The runtime's process id. */
  readonly pid: number;
  /** When the runtime started (ISO 8601). */
  readonly startedAt: string;
  /** Now (ISO 8601): the snapshot's `updatedAt`. */
  readonly now: string;
  /** The active profile. */
  readonly profile: string;
  /** The runtime's phase. */
  readonly phase: HealthSnapshot['phase'];
  /** Every registered key. */
  readonly keys: readonly KeyReading[];
  /** Pause/drain states (keys without one are open). */
  readonly activity: readonly ActivityReading[];
  /** Remote sync state. */
  readonly remote: RemoteHealth;
  /** Names of the watchers that run. */
  readonly watchers: readonly string[];
}

/**
 * The remote status fields the snapshot keeps.
 * @category Health and reports
 */
export interface RemoteStatusReading {
  /** Last successful sync (ISO 8601). */
  readonly lastSuccessAt?: string;
  /** Last failed sync (ISO 8601). */
  readonly lastFailureAt?: string;
  /** Why the last sync failed (never holds secrets). */
  readonly lastError?: string;
  /** Serial of the manifest in use. */
  readonly lastSerial?: number;
}

/**
 * {@link RemoteHealth} from a `RemoteSync` status; `undefined` means remote sync is not configured.
 * @category Health and reports
 */
export function remoteHealthOf(status: RemoteStatusReading | undefined): RemoteHealth {
  if (status === undefined) {
    return { enabled: false };
  }
  return {
    enabled: true,
    ...(status.lastSuccessAt === undefined ? {} : { lastSuccessAt: status.lastSuccessAt }),
    ...(status.lastFailureAt === undefined ? {} : { lastFailureAt: status.lastFailureAt }),
    ...(status.lastError === undefined ? {} : { lastError: status.lastError }),
    ...(status.lastSerial === undefined ? {} : { serial: status.lastSerial }),
  };
}

function healthOf(reading: KeyReading): boolean | null {
  if (reading.provider === undefined) {
    return null;
  }
  if (reading.unhealthyReason !== undefined) {
    return false;
  }
  return reading.lastHealthAt === undefined ? null : true;
}

function keyHealthOf(reading: KeyReading, activity: ActivityReading | undefined): KeyHealth {
  return {
    domain: reading.domain,
    key: reading.key,
    state: reading.state,
    ...(reading.provider === undefined ? {} : { provider: reading.provider }),
    healthy: healthOf(reading),
    paused: activity?.paused ?? false,
    draining: activity?.draining ?? false,
    ...(reading.breaker === undefined ? {} : { breaker: reading.breaker }),
  };
}

/**
 * Whether the runtime is ready (`/readyz` 200): running, and every key ready and healthy
 * (a key counted unhealthy, by a failed check or by force, is not ready).
 * @category Health and reports
 */
export function isReady(phase: HealthSnapshot['phase'], keys: readonly KeyHealth[]): boolean {
  return phase === 'running' && keys.every((key) => key.state === 'ready' && key.healthy !== false);
}

/**
 * The health snapshot `<cache_dir>/runtime/health.json` holds and `/v1/health` answers. Keys are
 * sorted by domain then key so that two snapshots of the same state are byte-identical.
 * @category Health and reports
 */
export function buildHealthSnapshot(inputs: HealthInputs): HealthSnapshot {
  const activityById = new Map(inputs.activity.map((entry) => [`${entry.domain}:${entry.key}`, entry]));
  const keys = [...inputs.keys]
    .sort((left, right) => left.domain.localeCompare(right.domain) || left.key.localeCompare(right.key))
    .map((reading) => keyHealthOf(reading, activityById.get(`${reading.domain}:${reading.key}`)));
  return {
    pid: inputs.pid,
    startedAt: inputs.startedAt,
    updatedAt: inputs.now,
    profile: inputs.profile,
    phase: inputs.phase,
    ready: isReady(inputs.phase, keys),
    keys,
    remote: inputs.remote,
    watchers: [...inputs.watchers].sort(),
  };
}
