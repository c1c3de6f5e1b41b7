/** Judges the moved instances of a rollout stage: failed, still converging, baking, or good to promote (pure). */
import type { InstanceKeyState, InstanceRecord } from '../models/instanceRecord.js';
import type { RolloutRecord } from '../models/rolloutRecord.js';

/**
 * The verdict on a stage, with the evidence it rests on.
 * @category Calculations
 */
export type StageVerdict =
  | { readonly kind: 'abort'; readonly reason: string; readonly evidence: Record<string, unknown> }
  | { readonly kind: 'converging' | 'baking' | 'ready'; readonly evidence: Record<string, unknown> };

interface Ratio { calls: number; failures: number }

function ratioOf(states: readonly (InstanceKeyState | undefined)[]): Ratio {
  const ratio = { calls: 0, failures: 0 };
  for (const state of states) {
    ratio.calls += state?.calls ?? 0;
    ratio.failures += state?.failures ?? 0;
  }
  return ratio;
}

const show = (ratio: Ratio): number | null => (ratio.calls === 0 ? null : ratio.failures / ratio.calls);

// The first failure among the moved instances, in the order the rollout moved them.
function firstFailure(record: RolloutRecord, moved: readonly string[], stateOf: (id: string) => InstanceKeyState | undefined): string | undefined {
  for (const id of moved) {
    const state = stateOf(id);
    if (state?.swapError?.provider === record.toProvider) {
      return `the swap of ${record.domain}:${record.key} to ${record.toProvider} failed on ${id}: ${state.swapError.message}`;
    }
    if (state?.provider !== record.toProvider) {
      continue;
    }
    if (state.healthy === false) {
      return `${record.toProvider} failed its health check on ${id}`;
    }
    if (state.breaker === 'open') {
      return `the circuit breaker of ${record.toProvider} opened on ${id}`;
    }
    if (state.state === 'failed') {
      return `${record.domain}:${record.key} is failed on ${id}`;
    }
  }
  return undefined;
}

// Over the limit and worse than the instances not moved: a shared outage failing every instance
// alike is not the new provider's fault. With no baseline (no calls on them), the limit alone.
function errorRatioReason(moved: number | null, baseline: number | null, limit: number): string | undefined {
  if (moved === null || moved <= limit) {
    return undefined;
  }
  if (baseline === null) {
    return `error ratio ${moved.toFixed(4)} of the moved instances is over the limit ${limit} (no baseline: the instances not moved made no calls)`;
  }
  return moved > baseline ? `error ratio ${moved.toFixed(4)} of the moved instances is over the limit ${limit} and the not-moved baseline ${baseline.toFixed(4)}` : undefined;
}

/**
 * Aborts on a failed swap, a failed health check, an open breaker, or a failures/calls ratio
 * among moved instances above `maxErrorRatio` and above the ratio of the live instances not moved
 * (the baseline; with no calls there, the limit alone). Both ratios are in the evidence. Aborts too when moved instances have not converged within
 * `convergeTimeoutMs` of the stage's start. Otherwise `converging` until every live moved
 * instance runs `toProvider`, then `baking` until `bakeMs` passed since `convergedAt`, then `ready`.
 * @param record - a running rollout whose stage has started
 * @param instances - instance records by id
 * @param live - ids of live instances (gone ones are not judged)
 * @param now - epoch milliseconds
 * @category Calculations
 */
export function evaluateStage(record: RolloutRecord, instances: ReadonlyMap<string, InstanceRecord>, live: ReadonlySet<string>, now: number): StageVerdict {
  const keyId = `${record.domain}:${record.key}`;
  const stateOf = (id: string): InstanceKeyState | undefined => instances.get(id)?.keys[keyId];
  const moved = record.moved.filter((id) => live.has(id));
  const notMoved = [...live].filter((id) => !record.moved.includes(id)).sort();
  const movedRatio = ratioOf(moved.map(stateOf));
  const baselineRatio = ratioOf(notMoved.map(stateOf));
  const converged = moved.filter((id) => stateOf(id)?.provider === record.toProvider);
  const evidence: Record<string, unknown> = {
    stage: record.stage, moved, converged, notMoved: notMoved.length,
    movedErrorRatio: show(movedRatio), movedCalls: movedRatio.calls, baselineErrorRatio: show(baselineRatio), baselineCalls: baselineRatio.calls,
  };
  const failure = firstFailure(record, moved, stateOf);
  if (failure !== undefined) {
    return { kind: 'abort', reason: failure, evidence };
  }
  const errorRatioProblem = errorRatioReason(show(movedRatio), show(baselineRatio), record.maxErrorRatio);
  if (errorRatioProblem !== undefined) {
    return { kind: 'abort', reason: errorRatioProblem, evidence };
  }
  if (converged.length < moved.length) {
    const startedAt = record.stageStartedAt ?? now;
    if (now - startedAt > record.convergeTimeoutMs) {
      const late = moved.filter((id) => !converged.includes(id));
      return { kind: 'abort', reason: `${late.join(', ')} did not run ${record.toProvider} within ${record.convergeTimeoutMs} ms`, evidence };
    }
    return { kind: 'converging', evidence };
  }
  const convergedAt = record.convergedAt ?? now;
  return { kind: now - convergedAt >= record.bakeMs ? 'ready' : 'baking', evidence };
}
