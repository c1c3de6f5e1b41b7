// The behaviour every writable secret provider must show, run against each by its own suite.
import { AdapterErrorKind } from '../errors/adapterError.js';
import type { SecretStore } from '../secrets/secretStore.js';

/** Registers the contract's tests; `store()` returns the initialised provider, `unique(base)` a name no other test uses. */
export function secretStoreContract(store: () => SecretStore, unique: (base: string) => string): void {
  it('answers undefined for a missing secret', async () => {
    expect(await store().get(unique('missing'))).toBeUndefined();
  });

  it('creates a secret on its first rotation and reads the newest value after each', async () => {
    const name = unique('rotated');
    await store().rotate(name, 'first');
    expect(await store().get(name)).toBe('first');
    await store().rotate(name, 'second');
    expect(await store().get(name)).toBe('second');
  });

  it('lists the names it holds, sorted', async () => {
    const [b, a] = [unique('list_b'), unique('list_a')];
    await store().rotate(b, 'x');
    await store().rotate(a, 'y');
    const names = await store().list();
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining([a, b]));
  });

  it('refuses a malformed name before any call', async () => {
    await expect(store().get('../etc/passwd')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    await expect(store().rotate('has space', 'v')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
  });

  it('keeps values exactly, unicode and newlines included', async () => {
    const name = unique('exact');
    const value = 'línea 1\nline 2 ☃ "quoted" \\ end';
    await store().rotate(name, value);
    expect(await store().get(name)).toBe(value);
  });
}
