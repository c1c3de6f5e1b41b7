import { mergeOverlay } from './mergeOverlay.js';

describe('mergeOverlay', () => {
  it('merges mappings at every depth and replaces lists and scalars', () => {
    const base = { runtime: { http: { host: '127.0.0.1', port: 1 }, watchers_enabled: true }, plugins: { packages: ['a', 'b'] } };
    const merged = mergeOverlay(base, { runtime: { http: { port: 2 } }, plugins: { packages: ['c'] } });
    expect(merged).toEqual({ runtime: { http: { host: '127.0.0.1', port: 2 }, watchers_enabled: true }, plugins: { packages: ['c'] } });
    expect(base.runtime.http.port).toBe(1);
  });

  it('keeps a __proto__ key as a field instead of changing the prototype', () => {
    const overlay = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = mergeOverlay({}, overlay);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
