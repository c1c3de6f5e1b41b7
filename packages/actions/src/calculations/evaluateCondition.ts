/** Evaluates one trigger condition (the original's operators) against a context: a pure calculation. */
import { readDottedPath } from './readDottedPath.js';

/**
 * The operators of `automation.trigger` conditions.
 * @category Calculations
 */
export const CONDITION_OPERATORS = ['equals', 'not_equals', 'contains', 'in', 'gt', 'ge', 'lt', 'le', 'exists', 'absent', 'truthy', 'falsy'] as const;
/**
 * One operator.
 * @category Calculations
 */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * A condition: the value at `path` compared by `operator` with `value`.
 * @category Calculations
 */
export interface Condition {
  readonly path: string;
  readonly operator: ConditionOperator;
  readonly value?: unknown;
}

/**
 * Whether the condition holds. Comparisons of numbers need two numbers (a string "10" is not
 * greater than 9, unlike a loose comparison); `contains` works on strings and arrays; equality
 * is structural for arrays and objects (JSON equality).
 * @category Calculations
 */
export function evaluateCondition(context: unknown, condition: Condition): boolean {
  const { found, value } = readDottedPath(context, condition.path);
  switch (condition.operator) {
    case 'exists':
      return found && value !== null && value !== undefined;
    case 'absent':
      return !found || value === null || value === undefined;
    case 'truthy':
      return isTruthy(value);
    case 'falsy':
      return !isTruthy(value);
    case 'equals':
      return found && isEqual(value, condition.value);
    case 'not_equals':
      return !found || !isEqual(value, condition.value);
    case 'contains':
      return typeof value === 'string' ? typeof condition.value === 'string' && value.includes(condition.value)
        : Array.isArray(value) && value.some((item) => isEqual(item, condition.value));
    case 'in':
      return Array.isArray(condition.value) && condition.value.some((item) => isEqual(item, value));
    default:
      return compare(value, condition.value, condition.operator);
  }
}

function compare(left: unknown, right: unknown, operator: 'gt' | 'ge' | 'lt' | 'le'): boolean {
  if (typeof left !== 'number' || typeof right !== 'number' || Number.isNaN(left) || Number.isNaN(right)) {
    return false;
  }
  return operator === 'gt' ? left > right : operator === 'ge' ? left >= right : operator === 'lt' ? left < right : left <= right;
}

// Python truthiness, as the original: empty strings, lists and mappings are false, as are 0 and null.
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

function isEqual(left: unknown, right: unknown): boolean {
  if (typeof left !== 'object' || left === null || typeof right !== 'object' || right === null) {
    return left === right;
  }
  return JSON.stringify(left) === JSON.stringify(right);
}
