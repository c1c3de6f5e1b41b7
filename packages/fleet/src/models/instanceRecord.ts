/** What one runtime instance publishes about itself under `instance.<id>`, with its heartbeat. */
import type { Domain } from '@oneiric/core';

/**
 * The actual state of one key in one instance.
 * @category Models
 */
export interface InstanceKeyState {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider of the live instance, or null. */
  readonly provider: string | null;
  /** Lifecycle state (`ready`, `failed`, ...). */
  readonly state: string;
  /** Whether the live provider passes its health check (null: not known). */
  readonly healthy: boolean | null;
  /** Breaker state of the live provider, or null when the key is not guarded. */
  readonly breaker: 'open' | 'halfOpen' | 'closed' | null;
  /** New calls are refused. */
  readonly paused: boolean;
  /** Draining. */
  readonly draining: boolean;
  /** Calls counted on the live provider since it was activated, when the runtime counts them. */
  readonly calls: number | null;
  /** Failed calls among them. */
  readonly failures: number | null;
  /** The last swap the fleet asked for that failed, or null. */
  readonly swapError: { readonly provider: string; readonly message: string; readonly at: string } | null;
}

/**
 * `instance.<id>`: one instance's actual state and heartbeat.
 * @category Models
 */
export interface InstanceRecord {
  /** Record format version (1). */
  readonly v: 1;
  /** Instance id (`fleet.instance_id`, default `<hostname>-<pid>`). */
  readonly id: string;
  /** Host name. */
  readonly host: string;
  /** Process id. */
  readonly pid: number;
  /** When the instance started (ISO 8601). */
  readonly startedAt: string;
  /** Last heartbeat (epoch milliseconds). */
  readonly heartbeatAt: number;
  /** Heartbeat period (so readers can judge staleness). */
  readonly heartbeatMs: number;
  /** Highest bucket revision of desired state the instance has applied. */
  readonly appliedRevision: number;
  /** Serial of the remote manifest in use, or null. */
  readonly manifestSerial: number | null;
  /** Whether it reads the bucket live (false: it runs from its saved desired state). */
  readonly connected: boolean;
  /** Per key, `domain:key` → state. */
  readonly keys: Readonly<Record<string, InstanceKeyState>>;
  /** Records it refused to apply (malformed), `bucket key: reason`. */
  readonly problems: readonly string[];
}
