/** `automation.trigger`: ordered rules with AND-ed conditions on dotted paths; the matches say which actions to take. */
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Optional } from '../models/optional.js';
import { CONDITION_OPERATORS, evaluateCondition, type ConditionOperator } from '../calculations/evaluateCondition.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'automation.trigger';

/**
 * One condition of a rule.
 * @category Action kits
 */
export class TriggerCondition {
  /** Dotted path into the context (`order.total`). */
  @IsString() @MaxLength(256) public path = '';
  /** equals, not_equals, contains, in, gt, ge, lt, le, exists, absent, truthy or falsy. */
  @IsIn(CONDITION_OPERATORS) public operator: ConditionOperator = 'exists';
  /** The operand (not used by exists, absent, truthy, falsy). */
  @Allow() public value?: unknown;
}

/**
 * One rule: all its conditions must hold.
 * @category Action kits
 */
export class TriggerRule {
  /** The rule's name, reported when it matches. */
  @IsString() @MaxLength(128) public name = '';
  /** Conditions, AND-ed (an empty list always matches). */
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TriggerCondition) public conditions: TriggerCondition[] = [];
  /** What to do when it matches (an action key, a topic: the caller decides). */
  @Optional() @IsString() @MaxLength(256) public action?: string;
  /** Free data handed back with the match. */
  @Optional() @IsObject() public payload?: Record<string, unknown>;
}

/**
 * Payload of `automation.trigger`.
 * @category Action kits
 */
export class AutomationTriggerPayload {
  /** The data the conditions look at. */
  @IsObject() public context: Record<string, unknown> = {};
  /** Rules, evaluated in order. */
  @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => TriggerRule) public rules: TriggerRule[] = [];
  /** Stop at the first matching rule (default true). */
  @Optional() @IsBoolean() public stopOnMatch?: boolean;
}

/**
 * A matched rule.
 * @category Action kits
 */
export interface TriggerMatch {
  readonly rule: string;
  readonly index: number;
  readonly action?: string;
  readonly payload?: Record<string, unknown>;
}

/**
 * Result of `automation.trigger`.
 * @category Action kits
 */
export interface AutomationTriggerResult {
  readonly status: 'triggered' | 'idle';
  readonly matches: readonly TriggerMatch[];
  /** Rules evaluated (fewer than given after a stop on match). */
  readonly evaluated: number;
}

/**
 * Evaluates rules against a context.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke automation.trigger --payload '{"context":{"total":120},"rules":[{"name":"big","conditions":[{"path":"total","operator":"gt","value":100}],"action":"notify"}]}'
 * ```
 * @category Action kits
 */
export class AutomationTrigger implements BuiltinAction<AutomationTriggerPayload, AutomationTriggerResult> {
  /** The payload class. */
  public readonly payloadType = AutomationTriggerPayload;

  /** Never throws for a validated payload. */
  public async execute(payload: AutomationTriggerPayload): Promise<AutomationTriggerResult> {
    const stopOnMatch = payload.stopOnMatch !== false;
    const matches: TriggerMatch[] = [];
    let evaluated = 0;
    for (const [index, rule] of payload.rules.entries()) {
      evaluated += 1;
      if (rule.conditions.every((condition) => evaluateCondition(payload.context, condition))) {
        matches.push({ rule: rule.name, index, ...(rule.action === undefined ? {} : { action: rule.action }), ...(rule.payload === undefined ? {} : { payload: rule.payload }) });
        if (stopOnMatch) {
          break;
        }
      }
    }
    return { status: matches.length > 0 ? 'triggered' : 'idle', matches, evaluated };
  }
}

/** Registration entry of `automation.trigger`. */
export const automationTriggerKit: ActionKitDefinition = {
  key: KEY,
  description: 'ordered rules with AND-ed conditions on dotted paths, stop on match',
  build: () => new AutomationTrigger(),
};
