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

  it('accepts sane event fields, a timeout and a version', () => {
    expect(check({ eventFanoutPolicy: 'exclusive', eventMaxConcurrency: 4, eventPriority: -10, timeoutSeconds: 2.5, version: '1.2.3' })).toMatchObject({ ok: true });
    expect(check({ eventFanoutPolicy: 'broadcast' })).toMatchObject({ ok: true });
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
    // Values the schema's types let through but no provider can run with (each failed before: the entry was accepted).
    [{ eventFanoutPolicy: 'everyone' }, 'invalidEntry'],
    [{ eventMaxConcurrency: 0 }, 'invalidEntry'],
    [{ eventMaxConcurrency: -3 }, 'invalidEntry'],
    [{ eventMaxConcurrency: 1.5 }, 'invalidEntry'],
    [{ eventPriority: 1_000_001 }, 'invalidEntry'],
    [{ eventPriority: 0.5 }, 'invalidEntry'],
    [{ timeoutSeconds: 0 }, 'invalidEntry'],
    [{ timeoutSeconds: -1 }, 'invalidEntry'],
    [{ timeoutSeconds: Number.POSITIVE_INFINITY }, 'invalidEntry'],
    [{ timeoutSeconds: Number.NaN }, 'invalidEntry'],
    [{ version: '' }, 'invalidEntry'],
    [{ version: '   ' }, 'invalidEntry'],
  ])('refuses %j with %s', (changes, kind) => {
    expect(check(changes)).toMatchObject({ ok: false, kind });
  });
});
