/** Validates rollout options into a fresh rollout record (pure). */
import { isDomain, type Domain } from '@oneiric/core';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import type { RolloutRecord } from '../models/rolloutRecord.js';
import { assertPublishable } from './safeText.js';

/**
 * What an operator asks for (`oneiric fleet rollout adapter cache --provider redis-v2 ...`).
 * @category Calculations
 */
export interface RolloutOptions {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider to move to. */
  readonly toProvider: string;
  /** Provider to come from (default: the key's fleet selection, else the one most live instances run). */
  readonly fromProvider?: string;
  /** Canary instances (default 1). */
  readonly canary?: number;
  /** Percent steps after the canary stage, increasing, ending at 100 (default `[25, 50, 100]`). */
  readonly steps?: readonly number[];
  /** Bake time per stage, in milliseconds (default 30000). */
  readonly bakeMs?: number;
  /** Highest failures/calls ratio among moved instances (default 0.01). */
  readonly maxErrorRatio?: number;
  /** A moved instance gone: go on without it (default) or abort. */
  readonly onInstanceGone?: 'continue' | 'abort';
  /** How long moved instances may take to converge per stage, in milliseconds (default 60000). */
  readonly convergeTimeoutMs?: number;
}

function fail(message: string): never {
  throw new FleetError(FleetErrorKind.invalidArgument, message);
}

/**
 * A rollout record in stage -1 (the driver starts it), with defaults filled in.
 * @param options - the operator's options
 * @param fromProvider - the provider instances run now
 * @param identity - rollout id, creator and clock
 * @throws FleetError `invalidArgument` naming the bad option
 * @category Calculations
 */
export function newRollout(options: RolloutOptions, fromProvider: string, identity: { readonly id: string; readonly by: string; readonly now: number }): RolloutRecord {
  const steps = options.steps ?? [25, 50, 100];
  if (!isDomain(options.domain)) {
    fail(`unknown domain ${JSON.stringify(options.domain)}`);
  }
  if (options.key === '' || options.toProvider === '' || fromProvider === '') {
    fail('the key, the provider and the previous provider must not be empty');
  }
  for (const [name, value] of [['key', options.key], ['provider', options.toProvider], ['previous provider', fromProvider], ['rollout id', identity.id], ['author', identity.by]] as const) {
    // The decoders refuse such text: a rollout written with it would never be driven.
    assertPublishable(name, value);
  }
  if (options.toProvider === fromProvider) {
    fail(`${options.domain}:${options.key} already runs ${fromProvider}: nothing to roll out`);
  }
  if (steps.length === 0 || steps.some((step, index) => !Number.isFinite(step) || step <= 0 || step > 100 || (index > 0 && step <= (steps[index - 1] ?? 0))) || steps.at(-1) !== 100) {
    fail(`steps ${steps.join(',')} must be increasing percentages in (0, 100] ending at 100`);
  }
  const canary = options.canary ?? 1;
  const bakeMs = options.bakeMs ?? 30_000;
  const maxErrorRatio = options.maxErrorRatio ?? 0.01;
  const convergeTimeoutMs = options.convergeTimeoutMs ?? 60_000;
  if (!Number.isInteger(canary) || canary < 0 || canary > 100_000) {
    fail(`canary ${canary} must be a whole number of instances`);
  }
  if (!Number.isInteger(bakeMs) || bakeMs < 0 || bakeMs > 2_147_483_647 || !Number.isInteger(convergeTimeoutMs) || convergeTimeoutMs < 1 || convergeTimeoutMs > 2_147_483_647) {
    fail('bake and converge timeout must be whole milliseconds (bake >= 0, timeout >= 1)');
  }
  if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
    fail(`max error ratio ${maxErrorRatio} must be between 0 and 1`);
  }
  return {
    v: 1, id: identity.id, domain: options.domain, key: options.key, fromProvider, toProvider: options.toProvider,
    canary, steps: [...steps], bakeMs, maxErrorRatio, onInstanceGone: options.onInstanceGone ?? 'continue', convergeTimeoutMs,
    stage: -1, stageStartedAt: null, convergedAt: null, moved: [], gone: [], decisions: [], state: 'running', command: null, driver: null,
    createdAt: new Date(identity.now).toISOString(), createdBy: identity.by,
  };
}
