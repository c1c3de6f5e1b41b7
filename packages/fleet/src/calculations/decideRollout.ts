/** The rollout driver's next step: start, move the next stage, promote, abort, or nothing yet (pure). */
import type { InstanceRecord } from '../models/instanceRecord.js';
import type { RolloutDecision, RolloutRecord } from '../models/rolloutRecord.js';
import { canaryOrder } from './canaryOrder.js';
import { evaluateStage } from './evaluateStage.js';
import { isInstanceGone } from './isInstanceGone.js';
import { MAX_REASON_LENGTH, safeText } from './safeText.js';

/**
 * What the driver sees.
 * @category Calculations
 */
export interface RolloutInputs {
  /** The rollout as read. */
  readonly record: RolloutRecord;
  /** Instance records by id. */
  readonly instances: ReadonlyMap<string, InstanceRecord>;
  /** Epoch milliseconds. */
  readonly now: number;
  /** Heartbeat age past which an instance is gone. */
  readonly goneAfterMs: number;
  /**
   * Provider of the key's stored selection, when there is one. An abort that finds it on another
   * provider than `fromProvider` writes `fromProvider` back: the final promotion writes the
   * selection before the record, and an operator's abort landing in between must not leave the
   * fleet on the new provider under a rollout that says "aborted".
   */
  readonly selection?: string;
}

/**
 * A change to write: the new record, and, when it promotes (or an abort restores
 * `fromProvider`), the selection to write first.
 * @category Calculations
 */
export interface RolloutStep {
  /** The record to write (compare-and-set on the revision read). */
  readonly record: RolloutRecord;
  /** Provider to write as the key's selection before the record (the final promotion, or an abort putting `fromProvider` back). */
  readonly selection?: string;
}

/**
 * Decisions kept in a record.
 * @category Calculations
 */
export const MAX_DECISIONS = 100;

function decide(record: RolloutRecord, decision: Omit<RolloutDecision, 'at'>, now: number): RolloutDecision[] {
  // A reason names instances and quotes swap errors: kept within what decodeRollout accepts.
  return [...record.decisions, { at: new Date(now).toISOString(), ...decision, reason: safeText(decision.reason, MAX_REASON_LENGTH) }].slice(-MAX_DECISIONS);
}

function abort(record: RolloutRecord, reason: string, evidence: Readonly<Record<string, unknown>>, now: number, selection: string | undefined): RolloutStep {
  const restores = selection !== undefined && selection !== record.fromProvider;
  const restored = restores ? `; selection ${selection} set back to ${record.fromProvider}` : '';
  const decisions = decide(record, { action: 'abort', reason: `${reason}; every moved instance goes back to ${record.fromProvider}${restored}`, evidence: { ...evidence, movedBack: record.moved } }, now);
  const aborted: RolloutRecord = { ...record, state: 'aborted', moved: [], command: null, decisions };
  return restores ? { record: aborted, selection: record.fromProvider } : { record: aborted };
}

// Stage 0 moves `canary` instances; stage i moves steps[i-1] percent of the live ones (rounded up).
function stageTarget(record: RolloutRecord, stage: number, liveCount: number): number {
  return stage === 0 ? Math.min(record.canary, liveCount) : Math.ceil(((record.steps[stage - 1] ?? 100) * liveCount) / 100);
}

function enterStage(record: RolloutRecord, stage: number, live: ReadonlySet<string>, reason: string, evidence: Readonly<Record<string, unknown>>, now: number): RolloutStep {
  const target = stageTarget(record, stage, live.size);
  const moved = [...record.moved];
  for (const id of canaryOrder([...live], record.id)) {
    if (moved.filter((each) => live.has(each)).length >= target) {
      break;
    }
    if (!moved.includes(id)) {
      moved.push(id);
    }
  }
  const added = moved.filter((id) => !record.moved.includes(id));
  const share = stage === 0 ? `canary: ${added.length} instance(s)` : `step ${record.steps[stage - 1]}%: ${target} of ${live.size} live instance(s)`;
  const decisions = decide(record, { action: stage === 0 ? 'start' : 'stage', reason: `${reason}${share} to ${record.toProvider} (${added.join(', ') || 'none added'})`, evidence: { ...evidence, added } }, now);
  return { record: { ...record, stage, stageStartedAt: now, convergedAt: null, moved, command: null, decisions } };
}

function advance(record: RolloutRecord, live: ReadonlySet<string>, why: string, evidence: Readonly<Record<string, unknown>>, now: number): RolloutStep {
  if (record.stage >= record.steps.length) {
    const decisions = decide(record, { action: 'promote', reason: `${why}; every instance runs ${record.toProvider}: selection written, rollout promoted`, evidence }, now);
    return { record: { ...record, state: 'promoted', command: null, decisions }, selection: record.toProvider };
  }
  return enterStage(record, record.stage + 1, live, `${why}; `, evidence, now);
}

// A moved instance whose heartbeat stopped: abort, or note it and go on without it.
function handleGone(record: RolloutRecord, live: ReadonlySet<string>, now: number, selection: string | undefined): RolloutStep | RolloutRecord {
  const newlyGone = record.moved.filter((id) => !live.has(id) && !record.gone.includes(id));
  if (newlyGone.length === 0) {
    return record;
  }
  if (record.onInstanceGone === 'abort') {
    return abort(record, `moved instance(s) ${newlyGone.join(', ')} gone (heartbeat stopped)`, { gone: newlyGone }, now, selection);
  }
  const decisions = decide(record, { action: 'gone', reason: `moved instance(s) ${newlyGone.join(', ')} gone (heartbeat stopped); continuing without them`, evidence: { gone: newlyGone } }, now);
  return { ...record, gone: [...record.gone, ...newlyGone], decisions };
}

/**
 * The driver's next step for a running rollout, or undefined when nothing changes. An operator
 * `abort` aborts; a moved instance gone aborts or is noted (`onInstanceGone`); a rollout not yet
 * started moves its canaries; then the stage verdict (see `evaluateStage`) aborts, waits, records
 * when the stage converged, or promotes to the next stage (at once on an operator `promote` once
 * converged). Promoting past the last step writes the selection and finishes `promoted`.
 * @category Calculations
 */
export function decideRollout(inputs: RolloutInputs): RolloutStep | undefined {
  const { now } = inputs;
  if (inputs.record.state !== 'running') {
    return undefined;
  }
  const live = new Set([...inputs.instances.values()].filter((instance) => !isInstanceGone(instance, now, inputs.goneAfterMs)).map((instance) => instance.id));
  if (inputs.record.command === 'abort') {
    return abort(inputs.record, 'aborted by the operator', {}, now, inputs.selection);
  }
  const afterGone = handleGone(inputs.record, live, now, inputs.selection);
  if ('record' in afterGone) {
    return afterGone;
  }
  const record = afterGone;
  const changed = record !== inputs.record;
  if (record.stage < 0) {
    return enterStage(record, 0, live, '', {}, now);
  }
  const verdict = evaluateStage(record, inputs.instances, live, now);
  if (verdict.kind === 'abort') {
    return abort(record, verdict.reason, verdict.evidence, now, inputs.selection);
  }
  if (verdict.kind === 'converging') {
    return changed ? { record } : undefined;
  }
  if (verdict.kind === 'ready' || record.command === 'promote') {
    const why = verdict.kind === 'ready' ? `stage ${record.stage} baked ${record.bakeMs} ms with no failure` : `promoted by the operator at stage ${record.stage}`;
    return advance(record, live, why, verdict.evidence, now);
  }
  if (record.convergedAt === null) {
    return { record: { ...record, convergedAt: now } };
  }
  return changed ? { record } : undefined;
}
