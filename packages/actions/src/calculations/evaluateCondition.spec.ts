// evaluateCondition: every operator of the original on dotted paths, including missing paths and type mismatches.
import { evaluateCondition, type ConditionOperator } from './evaluateCondition.js';

const CONTEXT = { order: { total: 120, tags: ['vip', 'eu'], note: '', customer: { country: 'FR' } }, count: '10', items: [{ sku: 'a' }] };
const holds = (path: string, operator: ConditionOperator, value?: unknown): boolean => evaluateCondition(CONTEXT, { path, operator, value });

describe('evaluateCondition', () => {
  it.each([
    ['order.customer.country', 'equals', 'FR', true],
    ['order.customer.country', 'not_equals', 'FR', false],
    ['order.missing', 'not_equals', 'FR', true],
    ['order.tags', 'contains', 'vip', true],
    ['order.customer.country', 'contains', 'R', true],
    ['order.customer.country', 'in', ['DE', 'FR'], true],
    ['order.total', 'gt', 100, true],
    ['order.total', 'ge', 120, true],
    ['order.total', 'lt', 120, false],
    ['order.total', 'le', 120, true],
    // A numeric string is not a number: no loose comparison.
    ['count', 'gt', 9, false],
    ['order.total', 'exists', undefined, true],
    ['order.nothing', 'absent', undefined, true],
    ['order.note', 'truthy', undefined, false],
    ['order.note', 'falsy', undefined, true],
    ['order.tags', 'truthy', undefined, true],
    ['items.0.sku', 'equals', 'a', true],
    ['order.constructor', 'exists', undefined, false],
  ] as const)('%s %s %j is %s', (path, operator, value, expected) => {
    expect(holds(path, operator, value)).toBe(expected);
  });
});
