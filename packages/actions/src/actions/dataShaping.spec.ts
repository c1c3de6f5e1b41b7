// data.transform and data.sanitize: include/exclude/rename/defaults; allow/drop/mask by name and pattern at any depth.
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { DataSanitize } from './dataSanitize.js';
import { DataTransform } from './dataTransform.js';

describe('DataTransform.execute', () => {
  const action = new DataTransform();

  it('applies include, exclude, rename and defaults in that order', async () => {
    const result = await invoke(action, { data: { a: 1, b: 2, c: null, d: 4 }, include: ['a', 'b', 'c'], exclude: ['b'], rename: { a: 'alpha' }, defaults: { c: 0, e: 'new' } });
    expect(result).toEqual({ data: { alpha: 1, c: 0, e: 'new' }, fields: ['alpha', 'c', 'e'] });
  });

  it('keeps a field named __proto__ as data and never changes the prototype', async () => {
    const data = JSON.parse('{"__proto__":{"polluted":true},"x":1}') as Record<string, unknown>;
    const result = await invoke(action, { data, rename: { x: '__proto__' } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(result.data)).toEqual(['__proto__']);
  });
});

describe('DataSanitize.execute', () => {
  const action = new DataSanitize();

  it('allows top-level fields, drops and masks by name at any depth and by pattern', async () => {
    const data = { user: { name: 'ann', card: '4111', session: { authToken: 't' } }, ssn: '123', junk: 1, list: [{ card: '5500' }] };
    const result = await invoke(action, { data, allow: ['user', 'list', 'ssn'], drop: ['ssn'], mask: ['card'], maskPatterns: ['token$'] });
    expect(result.data).toEqual({ user: { name: 'ann', card: '***', session: { authToken: '***' } }, list: [{ card: '***' }] });
    expect([...result.masked].sort()).toEqual(['list.0.card', 'user.card', 'user.session.authToken']);
    expect(result.dropped).toEqual(['ssn']);
  });

  it('refuses a pattern that is not a regular expression with invalidPayload', async () => {
    expect((await actionErrorOf(invoke(action, { data: {}, maskPatterns: ['('] }))).kind).toBe(ActionErrorKind.invalidPayload);
  });
});
