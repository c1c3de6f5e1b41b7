// validation.schema: JSON Schema cases with instance paths, first-error mode, schema errors and the compiled-schema cache.
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { ValidationSchema } from './validationSchema.js';

const ORDER = {
  $id: 'https://example.com/order',
  type: 'object',
  required: ['id', 'items'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^o-[0-9]+$' },
    items: { type: 'array', minItems: 1, items: { type: 'object', required: ['sku', 'qty'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } } },
    note: { type: ['string', 'null'], maxLength: 10 },
  },
};

describe('ValidationSchema.execute', () => {
  const action = new ValidationSchema();

  it('accepts a valid instance', async () => {
    await expect(invoke(action, { schema: ORDER, data: { id: 'o-1', items: [{ sku: 'a', qty: 1 }], note: null } })).resolves.toEqual({ status: 'valid', valid: true, errors: [] });
  });

  it('reports every violation with its instance path and keyword', async () => {
    const result = await invoke(action, { schema: ORDER, data: { id: 'x', items: [{ sku: 'a', qty: 0 }, { qty: 2 }], extra: 1 } });
    expect(result.valid).toBe(false);
    expect(result.errors.map((error) => `${error.instancePath} ${error.keyword}`).sort()).toEqual([
      ' additionalProperties', '/id pattern', '/items/0/qty minimum', '/items/1 required',
    ]);
  });

  it('stops at the first violation when allErrors is false', async () => {
    const result = await invoke(action, { schema: ORDER, data: { id: 'x', items: [] }, allErrors: false });
    expect(result.errors).toHaveLength(1);
  });

  it('reuses the compiled schema for the same content, even with the same $id twice', async () => {
    await invoke(action, { schema: ORDER, data: {} });
    // A second compile of a schema with the same $id would make ajv throw: the cache prevents it.
    await expect(invoke(action, { schema: { ...ORDER }, data: { id: 'o-2', items: [{ sku: 'b', qty: 3 }] } })).resolves.toMatchObject({ valid: true });
  });

  it('refuses a schema ajv cannot compile with invalidPayload', async () => {
    expect((await actionErrorOf(invoke(action, { schema: { type: 'no-such-type' }, data: 1 }))).kind).toBe(ActionErrorKind.invalidPayload);
  });
});
