// Tests of validateEntry: semantically invalid entries are refused with a reason (and later skipped).
import { plainToInstance } from 'class-transformer';
import { ManifestEntry } from '../models/manifestEntry.js';
import { validateEntry } from './validateEntry.js';

const BASE = { domain: 'adapter', key: 'cache', provider: 'redis', factory: '@acme/providers:Redis' };

function check(changes: Record<string, unknown>): ReturnType<typeof validateEntry> {
  return validateEntry(plainToInstance(ManifestEntry, { ...BASE, ...changes }), ['@acme/providers']);
}

describe('validateEntry', () => {
  it('accepts a valid entry and returns its factory reference', () => {
    expect(check({})).toEqual({ ok: true, factory: { specifier: '@acme/providers', exportName: 'Redis' } });
  });

  it.each([
    [{ domain: 'bogus' }, 'invalidEntry'],
    [{ key: '../x' }, 'invalidEntry'],
    [{ provider: 'bad provider' }, 'invalidEntry'],
    [{ priority: 1001 }, 'invalidEntry'],
    [{ priority: -1001 }, 'invalidEntry'],
    [{ stackLevel: 101 }, 'invalidEntry'],
    [{ stackLevel: -101 }, 'invalidEntry'],
    [{ uri: '../evil.mjs', sha256: 'a'.repeat(64) }, 'pathTraversal'],
    [{ uri: 'https://example.test/a.mjs' }, 'invalidEntry'],
    [{ uri: 'https://example.test/a.mjs', sha256: 'xyz' }, 'invalidEntry'],
    [{ factory: 'lodash:get' }, 'factoryRefused'],
    [{ factory: 'child_process:exec' }, 'factoryRefused'],
  ])('refuses %j with %s', (changes, kind) => {
    expect(check(changes)).toMatchObject({ ok: false, kind });
  });
});
