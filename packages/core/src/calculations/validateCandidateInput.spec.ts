import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import type { CandidateInput } from '../models/candidateInput.js';
import { candidateInput } from '../testing/candidateInput.js';
import { thrownBy } from '../testing/thrownBy.js';
import { isValidKey, isValidProvider, validateCandidateInput } from './validateCandidateInput.js';

class RedisCache {}

/** A `redis` input built by RedisCache, unless `overrides` say otherwise. */
function input(overrides: Partial<CandidateInput> = {}): CandidateInput {
  return candidateInput('redis', { factory: { kind: 'class', target: RedisCache }, ...overrides });
}

/** Bypasses the static types, the way untyped callers (manifests, JavaScript) reach validation. */
function untyped(overrides: Record<string, unknown>): CandidateInput {
  return { ...input(), ...overrides } as unknown as CandidateInput;
}

describe('validateCandidateInput()', () => {
  describe('having a minimal valid input', () => {
    it('fills the defaults: inferred priority, stack level 0, local source, no capabilities, empty metadata', () => {
      const validated = validateCandidateInput({ domain: 'service', key: 'checkout', provider: 'default', factory: { kind: 'class', target: RedisCache } }, 5);
      expect(validated).toEqual({
        domain: 'service',
        key: 'checkout',
        provider: 'default',
        priority: 5,
        stackLevel: 0,
        capabilities: [],
        source: 'local',
        factory: { kind: 'class', target: RedisCache },
        metadata: {},
      });
    });

    it('uses priority 0 when neither the input nor the caller gives one', () => {
      expect(validateCandidateInput(input({ priority: undefined as unknown as number })).priority).toBe(0);
      const { priority: _priority, ...withoutPriority } = input();
      expect(validateCandidateInput(withoutPriority).priority).toBe(0);
    });

    it('adds no optional field it was not given', () => {
      const validated = validateCandidateInput(input());
      expect('settingsClass' in validated).toBe(false);
      expect('description' in validated).toBe(false);
      expect('packageName' in validated).toBe(false);
    });
  });

  describe('having an explicit priority', () => {
    it('keeps an explicit 0 over an inferred priority', () => {
      // Reference 17.5: explicit priority 0 is kept.
      expect(validateCandidateInput(input({ priority: 0 }), 5).priority).toBe(0);
    });

    it('keeps a negative priority', () => {
      expect(validateCandidateInput(input({ priority: -3 }), 5).priority).toBe(-3);
    });
  });

  describe('having capabilities with padding and duplicates', () => {
    it('trims, de-duplicates and sorts them', () => {
      expect(validateCandidateInput(input({ capabilities: ['write', ' read ', 'read', 'ttl'] })).capabilities).toEqual(['read', 'ttl', 'write']);
    });
  });

  describe('having optional fields', () => {
    it('copies them and the metadata into a new object', () => {
      class Settings {}
      const metadata = { region: 'eu' };
      const validated = validateCandidateInput(input({
        source: 'plugin',
        stackLevel: 4,
        settingsClass: Settings,
        description: 'Redis cache',
        packageName: 'oneiric-redis',
        metadata,
      }));
      expect(validated).toMatchObject({ source: 'plugin', stackLevel: 4, settingsClass: Settings, description: 'Redis cache', packageName: 'oneiric-redis' });
      expect(validated.metadata).toEqual({ region: 'eu' });
      expect(validated.metadata).not.toBe(metadata);
    });

    it('accepts a function factory', () => {
      const build = (): object => ({});
      expect(validateCandidateInput(input({ factory: { kind: 'function', build } })).factory).toEqual({ kind: 'function', build });
    });
  });

  describe('having an invalid field', () => {
    it.each<[string, Record<string, unknown>, RegistrationErrorKind]>([
      // Domains are the six known lower-case names.
      ['an unknown domain', { domain: 'adapters' }, RegistrationErrorKind.invalidDomain],
      ['an upper-case domain', { domain: 'Adapter' }, RegistrationErrorKind.invalidDomain],
      // Keys are 1-128 characters of [A-Za-z0-9_.:-], not starting with a separator, without "..".
      ['an empty key', { key: '' }, RegistrationErrorKind.invalidKey],
      ['a key with ".."', { key: 'cache..x' }, RegistrationErrorKind.invalidKey],
      ['a key starting with a separator', { key: '.cache' }, RegistrationErrorKind.invalidKey],
      ['a key with a slash', { key: 'cache/x' }, RegistrationErrorKind.invalidKey],
      ['a key of 129 characters', { key: 'k'.repeat(129) }, RegistrationErrorKind.invalidKey],
      ['a non-string key', { key: 42 }, RegistrationErrorKind.invalidKey],
      // Providers are 1-64 characters of [A-Za-z0-9_.-]: no colon, space or slash.
      ['an empty provider', { provider: '' }, RegistrationErrorKind.invalidProvider],
      ['a provider with a space', { provider: 'my redis' }, RegistrationErrorKind.invalidProvider],
      ['a provider with a colon', { provider: 'redis:7' }, RegistrationErrorKind.invalidProvider],
      ['a provider with ".."', { provider: 'a..b' }, RegistrationErrorKind.invalidProvider],
      ['a provider of 65 characters', { provider: 'p'.repeat(65) }, RegistrationErrorKind.invalidProvider],
      // Priorities and stack levels are safe integers.
      ['a fractional priority', { priority: 1.5 }, RegistrationErrorKind.invalidPriority],
      ['a NaN priority', { priority: Number.NaN }, RegistrationErrorKind.invalidPriority],
      ['an infinite priority', { priority: Number.POSITIVE_INFINITY }, RegistrationErrorKind.invalidPriority],
      ['a string priority', { priority: '10' }, RegistrationErrorKind.invalidPriority],
      ['an unsafe integer priority', { priority: 2 ** 53 }, RegistrationErrorKind.invalidPriority],
      ['a NaN stack level', { stackLevel: Number.NaN }, RegistrationErrorKind.invalidStackLevel],
      ['a fractional stack level', { stackLevel: 0.5 }, RegistrationErrorKind.invalidStackLevel],
      // Capabilities are non-empty strings.
      ['a numeric capability', { capabilities: ['read', 42] }, RegistrationErrorKind.invalidCapability],
      ['a null capability', { capabilities: [null] }, RegistrationErrorKind.invalidCapability],
      ['a blank capability', { capabilities: ['read', '  '] }, RegistrationErrorKind.invalidCapability],
      // Sources are one of CANDIDATE_SOURCES.
      ['an unknown source', { source: 'entry_point' }, RegistrationErrorKind.invalidSource],
      // Factories are {kind: class, target: function} or {kind: function, build: function}.
      ['a missing factory', { factory: undefined }, RegistrationErrorKind.invalidFactory],
      ['a class factory without a constructor', { factory: { kind: 'class', target: 'RedisCache' } }, RegistrationErrorKind.invalidFactory],
      ['a function factory without build', { factory: { kind: 'function' } }, RegistrationErrorKind.invalidFactory],
      ['a string factory', { factory: 'module:attr' }, RegistrationErrorKind.invalidFactory],
    ])('throws RegistrationError for %s', (_situation, overrides, kind) => {
      const error = thrownBy(() => validateCandidateInput(untyped(overrides)));
      expect(error).toBeInstanceOf(RegistrationError);
      expect((error as RegistrationError).kind).toBe(kind);
    });

    it('names the display name and puts domain, key and provider in the context', () => {
      // A bad priority is an invalidPriority error; the message leads with the class name.
      const error = thrownBy(() => validateCandidateInput(input({ priority: 1.5, displayName: 'RedisCache' })));
      expect(error).toBeInstanceOf(RegistrationError);
      expect((error as RegistrationError).message).toMatch(/^RedisCache: priority 1.5/);
      expect((error as RegistrationError).context).toEqual({ className: 'RedisCache', domain: 'adapter', key: 'cache', provider: 'redis' });
    });

    it('names domain:key/provider when there is no display name', () => {
      const error = thrownBy(() => validateCandidateInput(input({ key: 'a..b' })));
      expect((error as RegistrationError).message).toMatch(/^adapter:a\.\.b\/redis: key "a\.\.b"/);
    });

    it('checks the domain first when several fields are bad', () => {
      const error = thrownBy(() => validateCandidateInput(untyped({ domain: 'nope', key: '', provider: '' })));
      expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidDomain);
    });

    it('throws RegistrationError invalidCapability, not a TypeError, for a BigInt capability', () => {
      // Untyped callers can pass anything; a capability that JSON.stringify cannot encode must
      // still produce the registration error, not a crash while formatting the message.
      const error = thrownBy(() => validateCandidateInput(untyped({ capabilities: [10n] })));
      expect(error).toBeInstanceOf(RegistrationError);
      expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidCapability);
    });
  });
});

describe('isValidKey()', () => {
  it.each(['cache', 'user.created', 'a:b-c_d', '_private', '9lives', 'k'.repeat(128)])('accepts %j', (key) => {
    expect(isValidKey(key)).toBe(true);
  });

  it.each(['', '.x', '-x', ':x', 'a..b', 'a b', 'a/b', 'k'.repeat(129), 42, undefined])('rejects %j', (key) => {
    expect(isValidKey(key)).toBe(false);
  });
});

describe('isValidProvider()', () => {
  it.each(['redis', 'in-memory', 'v1.2', '_x', 'p'.repeat(64)])('accepts %j', (provider) => {
    expect(isValidProvider(provider)).toBe(true);
  });

  it.each(['', '.x', 'a..b', 'a:b', 'a b', 'p'.repeat(65), null])('rejects %j', (provider) => {
    expect(isValidProvider(provider)).toBe(false);
  });
});
