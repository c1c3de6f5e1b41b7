/** `workflow.orchestrate`: plans steps into dependency batches with retry and timeout defaults; runs nothing. */
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Optional } from '../models/optional.js';
import { layerSteps, type PlanProblem } from '../calculations/layerSteps.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'workflow.orchestrate';

/**
 * One step of the plan.
 * @category Action kits
 */
export class OrchestrationStep {
  /** Unique id. */
  @IsString() @Matches(/^[A-Za-z0-9_.:-]{1,128}$/) public stepId = '';
  /** Display name (default: the id). */
  @Optional() @IsString() @MaxLength(256) public name?: string;
  /** What runs (an action key, a task type). */
  @Optional() @IsString() @MaxLength(256) public action?: string;
  /** Ids this step waits for. */
  @Optional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) public dependsOn?: string[];
  /** Retries (default from the payload, else 3). */
  @Optional() @IsInt() @Min(0) @Max(100) public retries?: number;
  /** Timeout in seconds (default from the payload, else 300). */
  @Optional() @IsInt() @Min(1) @Max(86_400) public timeoutSeconds?: number;
  /** Free data for the step. */
  @Optional() @IsObject() public payload?: Record<string, unknown>;
}

/**
 * Payload of `workflow.orchestrate`.
 * @category Action kits
 */
export class WorkflowOrchestratePayload {
  /** The workflow's name. */
  @Optional() @IsString() @MaxLength(256) public workflow?: string;
  /** The steps. */
  @IsArray() @ArrayMaxSize(5000) @ValidateNested({ each: true }) @Type(() => OrchestrationStep) public steps: OrchestrationStep[] = [];
  /** Largest batch (default 4). */
  @Optional() @IsInt() @Min(1) @Max(1000) public maxBatchSize?: number;
  /** Default retries of steps (3). */
  @Optional() @IsInt() @Min(0) @Max(100) public defaultRetries?: number;
  /** Default timeout of steps in seconds (300). */
  @Optional() @IsInt() @Min(1) @Max(86_400) public defaultTimeoutSeconds?: number;
  /** Plan as paused. */
  @Optional() @IsBoolean() public paused?: boolean;
}

/**
 * A step in the plan, defaults filled in.
 * @category Action kits
 */
export interface PlannedStep {
  readonly stepId: string;
  readonly name: string;
  readonly action: string | null;
  readonly dependsOn: readonly string[];
  readonly retries: number;
  readonly timeoutSeconds: number;
  readonly batch: number;
  readonly payload: Record<string, unknown>;
}

/**
 * Result of `workflow.orchestrate`.
 * @category Action kits
 */
export interface WorkflowOrchestrateResult {
  readonly status: 'planned' | 'paused';
  readonly workflow: string | null;
  /** Step ids per batch, in run order. */
  readonly batches: readonly (readonly string[])[];
  /** Steps in run order. */
  readonly steps: readonly PlannedStep[];
  /** Steps depending on nothing. */
  readonly entrySteps: readonly string[];
  /** Steps nothing depends on. */
  readonly terminalSteps: readonly string[];
}

/**
 * Plans a workflow.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke workflow.orchestrate --payload '{"steps":[{"stepId":"a"},{"stepId":"b","dependsOn":["a"]}]}' --json
 * ```
 * @category Action kits
 */
export class WorkflowOrchestrate implements BuiltinAction<WorkflowOrchestratePayload, WorkflowOrchestrateResult> {
  /** The payload class. */
  public readonly payloadType = WorkflowOrchestratePayload;

  /** @throws ActionError `planInvalid` for a duplicate id, a self or missing dependency, or a cycle (naming the steps) */
  public async execute(payload: WorkflowOrchestratePayload): Promise<WorkflowOrchestrateResult> {
    const steps = payload.steps.map((step) => ({ ...step, dependsOn: step.dependsOn ?? [] }));
    const outcome = layerSteps(steps, payload.maxBatchSize ?? 4);
    if ('problem' in outcome) {
      throw actionError(ActionErrorKind.planInvalid, KEY, describeProblem(outcome.problem), 'steps');
    }
    const byId = new Map(steps.map((step) => [step.stepId, step]));
    const needed = new Set(steps.flatMap((step) => step.dependsOn));
    const planned = outcome.batches.flatMap((batch, index) => batch.map((id): PlannedStep => {
      const step = byId.get(id)!;
      return {
        stepId: id, name: step.name ?? id, action: step.action ?? null, dependsOn: step.dependsOn,
        retries: step.retries ?? payload.defaultRetries ?? 3, timeoutSeconds: step.timeoutSeconds ?? payload.defaultTimeoutSeconds ?? 300,
        batch: index, payload: step.payload ?? {},
      };
    }));
    return {
      status: payload.paused === true ? 'paused' : 'planned',
      workflow: payload.workflow ?? null,
      batches: outcome.batches,
      steps: planned,
      entrySteps: planned.filter((step) => step.dependsOn.length === 0).map((step) => step.stepId),
      terminalSteps: planned.filter((step) => !needed.has(step.stepId)).map((step) => step.stepId),
    };
  }
}

function describeProblem(problem: PlanProblem): string {
  switch (problem.kind) {
    case 'duplicate': return `step ${problem.stepId} appears twice`;
    case 'selfDependency': return `step ${problem.stepId} depends on itself`;
    case 'missingDependency': return `step ${problem.stepId} depends on unknown step ${problem.dependency}`;
    case 'cycle': return `steps ${problem.stepIds.join(', ')} form a cycle`;
  }
}

/** Registration entry of `workflow.orchestrate`. */
export const workflowOrchestrateKit: ActionKitDefinition = {
  key: KEY,
  description: 'plan steps into sorted dependency batches (at most 4 each) with retry and timeout defaults',
  build: () => new WorkflowOrchestrate(),
};
