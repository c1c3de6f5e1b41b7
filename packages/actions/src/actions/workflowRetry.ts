/** `workflow.retry`: whether to retry after a failed attempt, and after how long (core's backoff calculation). */
import { backoffDelay } from '@oneiric/core';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { Optional } from '../models/optional.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'workflow.retry';

/**
 * Payload of `workflow.retry`.
 * @category Action kits
 */
export class WorkflowRetryPayload {
  /** Attempts made so far (1 after the first failure). */
  @IsInt() @Min(0) @Max(1000) public attempt = 0;
  /** Attempts allowed in all (default 3). */
  @Optional() @IsInt() @Min(1) @Max(1000) public maxAttempts?: number;
  /** Delay before the first retry, ms (default 1000). */
  @Optional() @IsInt() @Min(0) @Max(86_400_000) public baseDelayMs?: number;
  /** Cap of any delay, ms (default 30000). */
  @Optional() @IsInt() @Min(0) @Max(86_400_000) public maxDelayMs?: number;
  /** Fraction of the delay randomised, 0-1 (default 0.25). */
  @Optional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) public jitter?: number;
}

/**
 * Result of `workflow.retry`.
 * @category Action kits
 */
export type WorkflowRetryResult =
  | { readonly status: 'scheduled'; readonly nextAttempt: number; readonly delayMs: number; readonly notBefore: string; readonly remainingAttempts: number }
  | { readonly status: 'exhausted'; readonly attempts: number; readonly maxAttempts: number };

/**
 * Plans the next retry.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke workflow.retry --payload '{"attempt":2,"maxAttempts":5}' --json
 * ```
 * @category Action kits
 */
export class WorkflowRetry implements BuiltinAction<WorkflowRetryPayload, WorkflowRetryResult> {
  /** The payload class. */
  public readonly payloadType = WorkflowRetryPayload;

  /** @param random - the jitter's source (tests pass a fixed one) */
  public constructor(private readonly random: () => number = Math.random) {}

  /** Never throws for a validated payload. */
  public async execute(payload: WorkflowRetryPayload): Promise<WorkflowRetryResult> {
    const maxAttempts = payload.maxAttempts ?? 3;
    if (payload.attempt >= maxAttempts) {
      return { status: 'exhausted', attempts: payload.attempt, maxAttempts };
    }
    const policy = { baseDelayMs: payload.baseDelayMs ?? 1000, maxDelayMs: payload.maxDelayMs ?? 30_000, jitter: payload.jitter ?? 0.25 };
    // Retry number `attempt` (the first retry follows attempt 1); attempt 0 means nothing failed yet: no wait.
    const delayMs = payload.attempt === 0 ? 0 : backoffDelay(payload.attempt, policy, this.random());
    return {
      status: 'scheduled', nextAttempt: payload.attempt + 1, delayMs,
      notBefore: new Date(Date.now() + delayMs).toISOString(), remainingAttempts: maxAttempts - payload.attempt - 1,
    };
  }
}

/** Registration entry of `workflow.retry`. */
export const workflowRetryKit: ActionKitDefinition = {
  key: KEY,
  description: 'next attempt and delay from the exponential backoff with jitter, or exhausted',
  build: () => new WorkflowRetry(),
};
