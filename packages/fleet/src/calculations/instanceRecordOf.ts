/** Builds this instance's published record from what the runtime reports (pure). */
import type { FleetSnapshot } from '../models/fleetSnapshot.js';
import type { InstanceKeyState, InstanceRecord } from '../models/instanceRecord.js';
import { MAX_REASON_LENGTH, safeText } from './safeText.js';

/**
 * What goes into `instance.<id>`.
 * @category Calculations
 */
export interface InstanceFacts {
  /** Instance id. */
  readonly id: string;
  /** Host name. */
  readonly host: string;
  /** Process id. */
  readonly pid: number;
  /** When the instance started (ISO 8601). */
  readonly startedAt: string;
  /** Heartbeat period. */
  readonly heartbeatMs: number;
  /** Epoch milliseconds of this heartbeat. */
  readonly now: number;
  /** Per key state from the runtime. */
  readonly keys: readonly InstanceKeyState[];
  /** Health probed for keys under a rollout (overrides `healthy`). */
  readonly probed: ReadonlyMap<string, boolean | null>;
  /** Failed fleet-asked swaps. */
  readonly swapErrors: ReadonlyMap<string, InstanceKeyState['swapError']>;
  /** Highest desired revision applied. */
  readonly appliedRevision: number;
  /** Serial of the manifest in use, or null. */
  readonly manifestSerial: number | null;
  /** Whether the bucket is read live. */
  readonly connected: boolean;
  /** The bucket as last seen (its refused records are published). */
  readonly snapshot: FleetSnapshot;
}

/**
 * The record, with the agent's own knowledge (probed health, swap failures, refused records)
 * merged into the runtime's key states.
 * @category Calculations
 */
export function instanceRecordOf(facts: InstanceFacts): InstanceRecord {
  const keys: Record<string, InstanceKeyState> = {};
  for (const state of facts.keys) {
    const id = `${state.domain}:${state.key}`;
    const probed = facts.probed.get(id);
    const swapError = facts.swapErrors.get(id) ?? null;
    // Error messages are free text: made safe here so the others do not refuse this record.
    keys[id] = { ...state, healthy: probed === undefined ? state.healthy : probed, swapError: swapError === null ? null : { ...swapError, message: safeText(swapError.message, MAX_REASON_LENGTH - 200) } };
  }
  return {
    v: 1, id: facts.id, host: facts.host, pid: facts.pid, startedAt: facts.startedAt, heartbeatAt: facts.now, heartbeatMs: facts.heartbeatMs,
    appliedRevision: facts.appliedRevision, manifestSerial: facts.manifestSerial, connected: facts.connected, keys,
    problems: [...facts.snapshot.problems].map(([key, problem]) => safeText(`${key}: ${problem}`, MAX_REASON_LENGTH)).sort(),
  };
}
