/** Advances the rollouts this instance drives (or takes over when their driver's lease expired). */
import type { OneiricLogger } from '@oneiric/core';
import { messageOf } from '@oneiric/core/internal';
import { writeSelection } from '../actions/writeSelection.js';
import { claimDriver } from '../calculations/claimDriver.js';
import { decideRollout, MAX_DECISIONS } from '../calculations/decideRollout.js';
import { keyRecordKey } from '../calculations/fleetKeys.js';
import { FleetMeters } from '../telemetry/fleetMeters.js';
import type { FleetSnapshot } from '../models/fleetSnapshot.js';
import type { InstanceRecord } from '../models/instanceRecord.js';
import type { RolloutDecision, RolloutRecord } from '../models/rolloutRecord.js';
import type { FleetStore } from './fleetStore.js';

/** What one driving pass needs. */
export interface DrivePass {
  readonly store: FleetStore;
  readonly snapshot: FleetSnapshot;
  readonly instanceId: string;
  readonly now: number;
  readonly leaseMs: number;
  readonly goneAfterMs: number;
  readonly logger: OneiricLogger;
}

// One set of instruments for every agent of the process (they follow the global meter provider).
const meters = new FleetMeters();

// The record with this instance as driver: taken over, or the lease renewed.
function withLease(record: RolloutRecord, pass: DrivePass): RolloutRecord | undefined {
  const claim = claimDriver(record, pass.instanceId, pass.now, pass.leaseMs);
  if (claim.kind === 'wait') {
    return undefined;
  }
  const driver = { instance: pass.instanceId, leaseUntil: pass.now + pass.leaseMs };
  if (claim.kind === 'takeover' && claim.previous !== null) {
    const decision = { at: new Date(pass.now).toISOString(), action: 'takeover' as const, reason: `${pass.instanceId} takes over driving: the lease of ${claim.previous} expired`, evidence: { previous: claim.previous } };
    return { ...record, driver, decisions: [...record.decisions, decision].slice(-MAX_DECISIONS) };
  }
  return claim.kind === 'takeover' || claim.renew ? { ...record, driver } : record;
}

// The decisions `next` added to `read` (a pass may add two: a takeover, then a stage). `next` is
// derived from `read`, so `read`'s last decision is the same object in it.
function newDecisions(read: RolloutRecord, next: RolloutRecord): readonly RolloutDecision[] {
  const last = read.decisions.at(-1);
  const seen = last === undefined ? -1 : next.decisions.indexOf(last);
  // Trimmed to MAX_DECISIONS past `read`'s last one: only the newest is known to be new.
  return last !== undefined && seen === -1 ? next.decisions.slice(-1) : next.decisions.slice(seen + 1);
}

/**
 * One pass over the running rollouts: for each one this instance may drive, the pure
 * `decideRollout` says what changes; the selection (final promotion, or an abort restoring
 * `fromProvider`) is written first, then the
 * record, each a compare-and-set. A lost race is left for the next pass (someone else drove).
 */
export async function driveRollouts(pass: DrivePass): Promise<void> {
  const instances = new Map<string, InstanceRecord>([...pass.snapshot.instances].map(([id, { record }]) => [id, record]));
  for (const { record: read, revision } of pass.snapshot.rollouts.values()) {
    if (read.state !== 'running') {
      continue;
    }
    const leased = withLease(read, pass);
    if (leased === undefined) {
      continue;
    }
    const selection = pass.snapshot.selections.get(`${read.domain}:${read.key}`)?.record.provider;
    const step = decideRollout({ record: leased, instances, now: pass.now, goneAfterMs: pass.goneAfterMs, ...(selection === undefined ? {} : { selection }) });
    const next = step?.record ?? leased;
    if (next === read) {
      continue;
    }
    try {
      if (step?.selection !== undefined) {
        await writeSelection(pass.store, read.domain, read.key, step.selection, pass.instanceId);
      }
      await pass.store.write(keyRecordKey('rollout', read.domain, read.key), next, revision);
      for (const decision of newDecisions(read, next)) {
        meters.decision(read.domain, read.key, decision);
        pass.logger.info(`fleet rollout ${read.domain}:${read.key}: ${decision.action}: ${decision.reason}`, { rollout: read.id, stage: next.stage, state: next.state });
      }
    } catch (error) {
      pass.logger.debug('fleet: rollout write lost (someone else wrote first); next pass reads again', { rollout: read.id, error: messageOf(error) });
    }
  }
}
