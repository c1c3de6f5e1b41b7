/** A staged rollout of one key to a new provider, as stored under `rollout.<domain>.<key>`. */
import type { Domain } from '@oneiric/core';

/**
 * Where a rollout is: `running` until it is `promoted` (every instance runs the new provider,
 * the selection says so) or `aborted` (every moved instance went back).
 * @category Models
 */
export type RolloutState = 'running' | 'promoted' | 'aborted';

/**
 * What the driver decided, and why, with the numbers it saw.
 * @category Models
 */
export interface RolloutDecision {
  /** When (ISO 8601). */
  readonly at: string;
  /** `start`, `stage`, `promote`, `abort`, `wait`, `gone`, `takeover`. */
  readonly action: 'start' | 'stage' | 'promote' | 'abort' | 'gone' | 'takeover';
  /** One sentence, like `explain`'s reasons. */
  readonly reason: string;
  /** What it was based on (per-instance results, error ratios). */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/**
 * An operator's request to the driver: skip the bake and promote now, or abort.
 * @category Models
 */
export type RolloutCommand = 'promote' | 'abort';

/**
 * The instance that advances the rollout, and until when its lease holds.
 * @category Models
 */
export interface RolloutDriver {
  /** Its instance id. */
  readonly instance: string;
  /** Lease end (epoch milliseconds): past it, any live instance may take the rollout over. */
  readonly leaseUntil: number;
}

/**
 * A rollout record. Stage 0 is the canary stage (`canary` instances); stage `i >= 1` moves
 * `steps[i-1]` percent of the live instances. The last step is 100.
 * @category Models
 */
export interface RolloutRecord {
  /** Record format version (1). */
  readonly v: 1;
  /** Unique id (also seeds the canary order). */
  readonly id: string;
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider instances run before the rollout (and go back to on abort). */
  readonly fromProvider: string;
  /** Provider the rollout moves instances to. */
  readonly toProvider: string;
  /** Instances moved in the canary stage. */
  readonly canary: number;
  /** Percentages of live instances moved by each later stage, increasing, the last 100. */
  readonly steps: readonly number[];
  /** How long each stage is watched after every moved instance converged, in milliseconds. */
  readonly bakeMs: number;
  /** Highest acceptable failures/calls ratio among moved instances. */
  readonly maxErrorRatio: number;
  /** What a moved instance whose heartbeat stops means: go on without it, or abort. */
  readonly onInstanceGone: 'continue' | 'abort';
  /** How long moved instances may take to converge before the stage fails, in milliseconds. */
  readonly convergeTimeoutMs: number;
  /** Current stage (-1 before the driver started it). */
  readonly stage: number;
  /** When the current stage began (epoch ms), or null. */
  readonly stageStartedAt: number | null;
  /** When every moved instance of the stage ran the new provider (bake start), or null. */
  readonly convergedAt: number | null;
  /** Instance ids running `toProvider` because of this rollout. */
  readonly moved: readonly string[];
  /** Moved instances found gone (heartbeat stopped). */
  readonly gone: readonly string[];
  /** Decisions, oldest first (the last 100). */
  readonly decisions: readonly RolloutDecision[];
  /** Where it is. */
  readonly state: RolloutState;
  /** A pending operator command, or null. */
  readonly command: RolloutCommand | null;
  /** Who drives it, or null before anyone took it. */
  readonly driver: RolloutDriver | null;
  /** When it was created (ISO 8601). */
  readonly createdAt: string;
  /** Who created it. */
  readonly createdBy: string;
}
