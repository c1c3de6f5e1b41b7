/** What one instance should run, from the fleet's desired state (pure). */
import type { Domain } from '@oneiric/core';
import type { FleetSnapshot } from '../models/fleetSnapshot.js';

/**
 * The desired state of one key for one instance; an undefined field is left to the instance.
 * @category Calculations
 */
export interface EffectiveKeyState {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider to run, when the fleet says. */
  readonly provider?: string;
  /** The rollout that decided `provider`, when one did. */
  readonly rolloutId?: string;
  /** Pause/drain, when the fleet says. */
  readonly activity?: { readonly paused: boolean; readonly draining: boolean; readonly note: string | null };
}

/**
 * Per `domain:key`: the selection's provider, except that a rollout's `toProvider` applies to the
 * instances a running rollout moved, and a rollout's `fromProvider` stands in for a missing
 * selection; plus the key's pause/drain record. Keys the fleet says nothing about are absent.
 * @param snapshot - the bucket's content
 * @param instanceId - this instance
 * @category Calculations
 */
export function effectiveDesiredState(snapshot: FleetSnapshot, instanceId: string): Map<string, EffectiveKeyState> {
  const effective = new Map<string, EffectiveKeyState>();
  const entry = (id: string, domain: Domain, key: string): EffectiveKeyState => effective.get(id) ?? { domain, key };
  for (const [id, { record }] of snapshot.selections) {
    effective.set(id, { ...entry(id, record.domain, record.key), provider: record.provider });
  }
  for (const [id, { record }] of snapshot.rollouts) {
    const current = entry(id, record.domain, record.key);
    const baseline = current.provider ?? record.fromProvider;
    const isMoved = record.state === 'running' && record.moved.includes(instanceId);
    effective.set(id, isMoved ? { ...current, provider: record.toProvider, rolloutId: record.id } : { ...current, provider: baseline });
  }
  for (const [id, { record }] of snapshot.activities) {
    effective.set(id, { ...entry(id, record.domain, record.key), activity: { paused: record.paused, draining: record.draining, note: record.note } });
  }
  return effective;
}
