// Tests of the fast structural check: it must never accept what the class-validator schema refuses,
// and must accept ordinary manifests (or the fast path is never taken).
import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { sampleManifest } from '../__fixtures__/testKeys.js';
import { ManifestEntry } from '../models/manifestEntry.js';
import { ManifestSignature } from '../models/manifestSignature.js';
import { RemoteManifest } from '../models/remoteManifest.js';
import { ENTRY_FIELD_RULES, isWellFormedManifest, MANIFEST_FIELD_RULES, SIGNATURE_FIELD_RULES } from './isWellFormedManifest.js';

function schemaAccepts(plain: unknown): boolean {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return false;
  }
  const errors = validateSync(plainToInstance(RemoteManifest, plain), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length === 0;
}

function decoratedFields(target: new () => object): string[] {
  const names = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false).map((metadata) => metadata.propertyName);
  return [...new Set(names)].sort();
}

const signature = { keyId: 'k1', algorithm: 'ed25519', signature: 'c2ln' };

function signed(): Record<string, unknown> {
  return { ...sampleManifest(), signedAt: '2026-01-01T00:00:00Z', signatures: [signature] };
}

// Values of every JSON type (and the YAML extras), including the edge cases of each rule.
const anyValue = fc.oneof(
  fc.constantFrom(null, '', 'x', 'ed25519', 0, -1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e308, Number.POSITIVE_INFINITY, Number.NaN, true, false, [], {}, [''], ['a', 1], [{}], [{ name: '' }], [{ name: 'n' }], { name: 'n' }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** One change to a valid manifest: a field of one level set to any value, removed, or an unknown field added. */
function changeAt(where: string, known: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    where: fc.constant(where),
    field: fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, fc.string({ maxLength: 6 }), fc.constant('__proto__')),
    value: fc.option(anyValue, { nil: undefined, freq: 20 }),
    remove: fc.boolean(),
  });
}

const mutation = fc.oneof(
  changeAt('top', [...MANIFEST_FIELD_RULES.fields.keys(), 'entries', 'signatures']),
  changeAt('entry', [...ENTRY_FIELD_RULES.fields.keys()]),
  changeAt('signature', [...SIGNATURE_FIELD_RULES.fields.keys()]),
);

type Mutation = { where: string; field: string; value: unknown; remove: boolean };

function mutate(manifest: Record<string, unknown>, change: Mutation): Record<string, unknown> {
  const first = (list: unknown): Record<string, unknown> | undefined => (Array.isArray(list) && typeof list[0] === 'object' && list[0] !== null ? list[0] as Record<string, unknown> : undefined);
  const target = (change.where === 'entry' ? first(manifest['entries']) : change.where === 'signature' ? first(manifest['signatures']) : undefined) ?? manifest;
  if (change.remove) {
    delete target[change.field];
  } else {
    // defineProperty, so that "__proto__" becomes an own field as JSON.parse would make it.
    Object.defineProperty(target, change.field, { value: change.value, enumerable: true, writable: true, configurable: true });
  }
  return manifest;
}

describe('isWellFormedManifest', () => {
  it('accepts ordinary signed manifests, so the fast path is the one normally taken', () => {
    expect(isWellFormedManifest(signed())).toBe(true);
    expect(isWellFormedManifest(JSON.parse(JSON.stringify(signed())))).toBe(true);
    expect(isWellFormedManifest({ serial: 0, entries: [] })).toBe(true);
  });

  it('knows exactly the fields the decorators declare, so a field added to the schema is not silently unchecked', () => {
    expect([...ENTRY_FIELD_RULES.fields.keys()].sort()).toEqual(decoratedFields(ManifestEntry));
    expect([...SIGNATURE_FIELD_RULES.fields.keys()].sort()).toEqual(decoratedFields(ManifestSignature));
    expect([...MANIFEST_FIELD_RULES.fields.keys(), 'entries', 'signatures'].sort()).toEqual(decoratedFields(RemoteManifest));
  });

  it('never accepts a manifest the schema refuses (property: one or two random changes)', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (changes) => {
      const manifest = changes.reduce(mutate, JSON.parse(JSON.stringify(signed())) as Record<string, unknown>);
      if (isWellFormedManifest(manifest)) {
        expect(schemaAccepts(manifest)).toBe(true);
      }
    }), { numRuns: 2_000 });
  });

  it.each([
    ['2^53', 2 ** 53],
    ['2^53 + 2', 2 ** 53 + 2],
    ['1e308', 1e308],
  ])('leaves a serial of %s, above Number.MAX_SAFE_INTEGER, to the schema, which refuses it', (_label, serial) => {
    const manifest = { ...signed(), serial };

    // Was true on both sides: integers this large lose precision, so "the serial must grow" is unreliable.
    expect(isWellFormedManifest(manifest)).toBe(false);
    expect(schemaAccepts(manifest)).toBe(false);
  });

  it('accepts a serial of exactly Number.MAX_SAFE_INTEGER, as the schema does', () => {
    const manifest = { ...signed(), serial: Number.MAX_SAFE_INTEGER };

    expect(isWellFormedManifest(manifest)).toBe(true);
    expect(schemaAccepts(manifest)).toBe(true);
  });

  it.each([
    ['null in an optional field', { priority: null }],
    ['an unknown field', { surprise: 1 }],
    ['a fractional priority', { priority: 1.5 }],
    ['an empty capability name', { capabilities: [{ name: '' }] }],
  ])('leaves %s to the schema (answers false)', (_label, change) => {
    const manifest = signed();
    Object.assign((manifest['entries'] as Record<string, unknown>[])[0] as object, change);

    expect(isWellFormedManifest(manifest)).toBe(false);
  });
});
