import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { RegistryChange } from '../models/registryChange.js';
import { candidateInput as input } from '../testing/candidateInput.js';
import { thrownBy } from '../testing/thrownBy.js';
import { CandidateRegistry, keyId } from './candidateRegistry.js';

/** Bypasses the static types, the way untyped callers (manifests, JavaScript) reach the registry. */
function untyped(overrides: Record<string, unknown>): CandidateInput {
  return { ...input('redis'), ...overrides } as unknown as CandidateInput;
}

function recordChanges(registry: CandidateRegistry): RegistryChange[] {
  const changes: RegistryChange[] = [];
  registry.onChange((change) => changes.push(change));
  return changes;
}

describe('CandidateRegistry', () => {
  describe('.register()', () => {
    describe('having a valid input', () => {
      it('stores and returns a frozen candidate with a sequence and an ISO timestamp', () => {
        const registry = new CandidateRegistry();
        const candidate = registry.register(input('redis', { stackLevel: 3, capabilities: ['ttl'] }));
        expect(candidate).toMatchObject({ domain: 'adapter', key: 'cache', provider: 'redis', priority: 10, stackLevel: 3, capabilities: ['ttl'], source: 'local', sequence: 1 });
        expect(Object.isFrozen(candidate)).toBe(true);
        expect(new Date(candidate.registeredAt).toISOString()).toBe(candidate.registeredAt);
        expect(registry.list('adapter', 'cache')).toEqual([candidate]);
      });

      it('emits an added change', () => {
        const registry = new CandidateRegistry();
        const changes = recordChanges(registry);
        const candidate = registry.register(input('redis'));
        expect(changes).toEqual([{ type: 'added', candidate }]);
      });
    });

    describe('having several keys and domains', () => {
      it('numbers registrations with one global increasing sequence', () => {
        const registry = new CandidateRegistry();
        const sequences = [
          registry.register(input('redis')).sequence,
          registry.register(input('memory', { key: 'queue' })).sequence,
          registry.register(input('default', { domain: 'service', key: 'checkout' })).sequence,
          registry.register(input('memory')).sequence,
        ];
        expect(sequences).toEqual([1, 2, 3, 4]);
      });

      it('keeps keys and domains apart', () => {
        const registry = new CandidateRegistry();
        registry.register(input('redis'));
        registry.register(input('memory', { key: 'queue' }));
        registry.register(input('redis', { domain: 'service' }));
        expect(registry.list('adapter', 'cache').map((c) => c.provider)).toEqual(['redis']);
        expect(registry.list('adapter', 'queue').map((c) => c.provider)).toEqual(['memory']);
        expect(registry.list('service', 'cache').map((c) => c.provider)).toEqual(['redis']);
        expect(registry.keys('adapter')).toEqual(['cache', 'queue']);
        expect(registry.keys('service')).toEqual(['cache']);
        expect(registry.keys('task')).toEqual([]);
      });
    });

    describe('having no priority', () => {
      it('uses the inferred priority given by the caller', () => {
        // Reference 17.5: a missing priority becomes the default priority at registration.
        const registry = new CandidateRegistry();
        const { priority: _priority, ...withoutPriority } = input('redis');
        expect(registry.register(withoutPriority, 42).priority).toBe(42);
      });

      it('uses 0 when the caller gives none', () => {
        const registry = new CandidateRegistry();
        const { priority: _priority, ...withoutPriority } = input('redis');
        expect(registry.register(withoutPriority).priority).toBe(0);
      });
    });

    describe('having an explicit priority of 0 and an inferred priority', () => {
      it('keeps 0', () => {
        // Reference 17.5: explicit priority 0 kept under a default priority of 5.
        const registry = new CandidateRegistry();
        expect(registry.register(input('redis', { priority: 0 }), 5).priority).toBe(0);
      });
    });

    describe('having an invalid inferred priority', () => {
      it('throws RegistrationError invalidPriority instead of storing a non-integer priority', () => {
        // The inferred priority becomes the candidate's priority, so it must pass the same check as
        // an explicit one: a fractional (or NaN) priority would break the strict precedence order.
        const registry = new CandidateRegistry();
        const { priority: _priority, ...withoutPriority } = input('redis');
        const error = thrownBy(() => registry.register(withoutPriority, 1.5));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidPriority);
        expect(registry.count('adapter', 'cache')).toBe(0);
      });
    });

    describe('having an input the caller mutates afterwards', () => {
      it('keeps the capabilities and metadata it was registered with', () => {
        // Reference 17.6: registration copies; caller mutation has no effect.
        const registry = new CandidateRegistry();
        const capabilities = ['ttl'];
        const metadata: Record<string, unknown> = { region: 'eu' };
        registry.register(input('redis', { capabilities, metadata }));
        capabilities.push('stream');
        metadata['region'] = 'us';
        metadata['extra'] = true;
        const [stored] = registry.list('adapter', 'cache');
        expect(stored?.capabilities).toEqual(['ttl']);
        expect(stored?.metadata).toEqual({ region: 'eu' });
      });

      it('keeps nested metadata it was registered with', () => {
        // Reference 17.6 says registration deep-copies: a nested array in metadata is the caller's
        // to change, and the registered candidate is documented as immutable.
        const registry = new CandidateRegistry();
        const tags = ['fast'];
        registry.register(input('redis', { metadata: { tags } }));
        tags.push('slow');
        expect(registry.list('adapter', 'cache')[0]?.metadata).toEqual({ tags: ['fast'] });
      });
    });

    describe('having the same domain/key/provider/source again', () => {
      it('replaces the entry instead of adding a duplicate', () => {
        const registry = new CandidateRegistry();
        registry.register(input('redis', { priority: 10 }));
        registry.register(input('redis', { priority: 20 }));
        const candidates = registry.list('adapter', 'cache');
        expect(candidates).toHaveLength(1);
        expect(candidates[0]?.priority).toBe(20);
        expect(registry.count('adapter', 'cache')).toBe(1);
      });

      it('gives the replacement a new, later sequence and moves it to the end of the listing', () => {
        // Reference 17.6: the sequence increases even on re-register.
        const registry = new CandidateRegistry();
        const first = registry.register(input('redis'));
        registry.register(input('memory'));
        const again = registry.register(input('redis'));
        expect(again.sequence).toBeGreaterThan(first.sequence);
        expect(again.sequence).toBe(3);
        expect(registry.list('adapter', 'cache').map((c) => c.provider)).toEqual(['memory', 'redis']);
      });

      it('emits a replaced change with the previous entry', () => {
        const registry = new CandidateRegistry();
        const first = registry.register(input('redis'));
        const changes = recordChanges(registry);
        const again = registry.register(input('redis'));
        expect(changes).toEqual([{ type: 'replaced', candidate: again, previous: first }]);
      });
    });

    describe('having the same provider from another source', () => {
      it('keeps both entries', () => {
        const registry = new CandidateRegistry();
        registry.register(input('redis'));
        registry.register(input('redis', { source: 'plugin' }));
        expect(registry.list('adapter', 'cache').map((c) => [c.provider, c.source])).toEqual([['redis', 'local'], ['redis', 'plugin']]);
      });
    });

    describe('having an invalid input', () => {
      it('throws RegistrationError invalidKey for an empty key', () => {
        // A key must have 1-128 characters: an empty key names no role.
        const error = thrownBy(() => new CandidateRegistry().register(input('redis', { key: '' })));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidKey);
      });

      it('throws RegistrationError invalidKey for a key containing ".."', () => {
        // ".." is forbidden in keys so that a key can never traverse a path when used in file names.
        const error = thrownBy(() => new CandidateRegistry().register(input('redis', { key: 'cache..secrets' })));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidKey);
      });

      it('throws RegistrationError invalidProvider for a provider name with a space', () => {
        // Provider names are [A-Za-z0-9_.-] only.
        const error = thrownBy(() => new CandidateRegistry().register(input('my redis')));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidProvider);
      });

      it('throws RegistrationError invalidPriority for a non-integer priority', () => {
        // Priorities are safe integers: 1.5 is not one.
        const error = thrownBy(() => new CandidateRegistry().register(input('redis', { priority: 1.5 })));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidPriority);
      });

      it('throws RegistrationError invalidStackLevel for a NaN stack level', () => {
        // Stack levels are safe integers: NaN would make every comparison false.
        const error = thrownBy(() => new CandidateRegistry().register(input('redis', { stackLevel: Number.NaN })));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidStackLevel);
      });

      it('throws RegistrationError invalidDomain for an unknown domain', () => {
        // "plugins" is not one of the six domains.
        const error = thrownBy(() => new CandidateRegistry().register(input('redis', { domain: 'plugins' })));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidDomain);
      });

      it('throws RegistrationError invalidCapability for a non-string capability', () => {
        // Capabilities are names: a number cannot be matched against a requested name.
        const error = thrownBy(() => new CandidateRegistry().register(untyped({ capabilities: ['ttl', 7] })));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidCapability);
      });

      it('stores nothing, emits nothing and leaves existing entries alone', () => {
        const registry = new CandidateRegistry();
        const existing = registry.register(input('redis'));
        const changes = recordChanges(registry);
        expect(() => registry.register(input('redis', { priority: Number.NaN }))).toThrow(RegistrationError);
        expect(registry.list('adapter', 'cache')).toEqual([existing]);
        expect(changes).toEqual([]);
      });
    });

    describe('having 1000 candidates', () => {
      it('stores them all under one key', () => {
        const registry = new CandidateRegistry();
        for (let level = 0; level < 1000; level += 1) {
          registry.register(input(`provider-${level}`, { stackLevel: level }));
        }
        expect(registry.count('adapter', 'cache')).toBe(1000);
        expect(registry.list('adapter', 'cache').at(-1)?.sequence).toBe(1000);
      });
    });
  });

  describe('.registerPackage()', () => {
    describe('having candidates without their own priority', () => {
      it('gives them the explicit package priority over the stack order', () => {
        const registry = new CandidateRegistry();
        const { priority: _priority, ...withoutPriority } = input('redis');
        const [candidate] = registry.registerPackage('myapp', [withoutPriority], 7, new Map([['myapp', 100]]));
        expect(candidate?.priority).toBe(7);
      });

      it('gives them the package\'s stack order entry without an explicit priority', () => {
        const registry = new CandidateRegistry();
        const { priority: _priority, ...withoutPriority } = input('redis');
        const [candidate] = registry.registerPackage('myapp', [withoutPriority], undefined, new Map([['myapp', 100]]));
        expect(candidate?.priority).toBe(100);
      });

      it('gives them 0 when the package is not in the stack order', () => {
        const registry = new CandidateRegistry();
        const { priority: _priority, ...withoutPriority } = input('redis');
        const [candidate] = registry.registerPackage('other', [withoutPriority], undefined, new Map([['myapp', 100]]));
        expect(candidate?.priority).toBe(0);
      });
    });

    describe('having candidates with their own priority', () => {
      it('keeps it, including 0', () => {
        const registry = new CandidateRegistry();
        const candidates = registry.registerPackage('myapp', [input('redis', { priority: 0 }), input('memory', { priority: 3 })], 50, new Map([['myapp', 100]]));
        expect(candidates.map((c) => c.priority)).toEqual([0, 3]);
      });
    });

    describe('having valid inputs', () => {
      it('records the package name and defaults the source to package, keeping an explicit source', () => {
        const registry = new CandidateRegistry();
        const candidates = registry.registerPackage('myapp', [input('redis'), input('memory', { source: 'plugin' })], undefined, new Map());
        expect(candidates.map((c) => [c.provider, c.packageName, c.source])).toEqual([
          ['redis', 'myapp', 'package'],
          ['memory', 'myapp', 'plugin'],
        ]);
        expect(registry.list('adapter', 'cache')).toEqual(candidates);
      });
    });

    describe('having one invalid input among valid ones', () => {
      it('throws the RegistrationError and registers none of them', () => {
        // The third input has a key with "..": invalidKey, and the first two must not be stored.
        const registry = new CandidateRegistry();
        const changes = recordChanges(registry);
        const error = thrownBy(() => registry.registerPackage('myapp', [input('redis'), input('memory'), input('bad', { key: 'a..b' })], undefined, new Map()));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidKey);
        expect(registry.count('adapter', 'cache')).toBe(0);
        expect(registry.keys('adapter')).toEqual([]);
        expect(changes).toEqual([]);
      });
    });

    describe('having an empty package name', () => {
      it('throws RegistrationError invalidPackage', () => {
        // RegistrationErrorKind.invalidPackage is documented as "a package name given to
        // registerPackage is empty or malformed"; an empty name must be refused.
        const registry = new CandidateRegistry();
        const error = thrownBy(() => registry.registerPackage('', [input('redis')], undefined, new Map()));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidPackage);
        expect(registry.count('adapter', 'cache')).toBe(0);
      });
    });
  });

  describe('.unregister()', () => {
    describe('having a provider registered from several sources', () => {
      it('removes every source without a source argument', () => {
        const registry = new CandidateRegistry();
        const local = registry.register(input('redis'));
        const plugin = registry.register(input('redis', { source: 'plugin' }));
        const memory = registry.register(input('memory'));
        expect(registry.unregister('adapter', 'cache', 'redis')).toEqual([local, plugin]);
        expect(registry.list('adapter', 'cache')).toEqual([memory]);
      });

      it('removes only the given source with a source argument', () => {
        const registry = new CandidateRegistry();
        const local = registry.register(input('redis'));
        const plugin = registry.register(input('redis', { source: 'plugin' }));
        expect(registry.unregister('adapter', 'cache', 'redis', 'plugin')).toEqual([plugin]);
        expect(registry.list('adapter', 'cache')).toEqual([local]);
      });
    });

    describe('having an unknown key, provider or source', () => {
      it('removes nothing and emits nothing', () => {
        const registry = new CandidateRegistry();
        const redis = registry.register(input('redis'));
        const changes = recordChanges(registry);
        expect(registry.unregister('adapter', 'queue', 'redis')).toEqual([]);
        expect(registry.unregister('adapter', 'cache', 'memory')).toEqual([]);
        expect(registry.unregister('adapter', 'cache', 'redis', 'remote-manifest')).toEqual([]);
        expect(registry.unregister('service', 'cache', 'redis')).toEqual([]);
        expect(registry.list('adapter', 'cache')).toEqual([redis]);
        expect(changes).toEqual([]);
      });
    });

    describe('having removed the last candidate of a key', () => {
      it('drops the key from keys() and lists nothing', () => {
        const registry = new CandidateRegistry();
        registry.register(input('redis'));
        registry.register(input('memory', { key: 'queue' }));
        registry.unregister('adapter', 'cache', 'redis');
        expect(registry.keys('adapter')).toEqual(['queue']);
        expect(registry.list('adapter', 'cache')).toEqual([]);
        expect(registry.count('adapter', 'cache')).toBe(0);
      });

      it('lists the key last when it is registered again', () => {
        const registry = new CandidateRegistry();
        registry.register(input('redis'));
        registry.register(input('memory', { key: 'queue' }));
        registry.unregister('adapter', 'cache', 'redis');
        registry.register(input('redis'));
        expect(registry.keys('adapter')).toEqual(['queue', 'cache']);
      });
    });

    describe('having listeners', () => {
      it('emits one removed change per removed candidate', () => {
        const registry = new CandidateRegistry();
        const local = registry.register(input('redis'));
        const plugin = registry.register(input('redis', { source: 'plugin' }));
        const changes = recordChanges(registry);
        registry.unregister('adapter', 'cache', 'redis');
        expect(changes).toEqual([{ type: 'removed', candidate: local }, { type: 'removed', candidate: plugin }]);
      });
    });
  });

  describe('.list()', () => {
    describe('having candidates', () => {
      it('returns them in registration order as a new array each time', () => {
        const registry = new CandidateRegistry();
        registry.register(input('b'));
        registry.register(input('a'));
        const listed = registry.list('adapter', 'cache');
        expect(listed.map((c) => c.provider)).toEqual(['b', 'a']);
        listed.pop();
        expect(registry.list('adapter', 'cache')).toHaveLength(2);
        expect(registry.list('adapter', 'cache')).not.toBe(registry.list('adapter', 'cache'));
      });
    });

    describe('having an empty registry', () => {
      it('returns an empty list, count 0 and no keys', () => {
        const registry = new CandidateRegistry();
        expect(registry.list('adapter', 'cache')).toEqual([]);
        expect([...registry.candidates('adapter', 'cache')]).toEqual([]);
        expect(registry.count('adapter', 'cache')).toBe(0);
        expect(registry.keys('adapter')).toEqual([]);
      });
    });
  });

  describe('.onChange()', () => {
    describe('having unsubscribed', () => {
      it('stops notifying the listener', () => {
        const registry = new CandidateRegistry();
        const changes: RegistryChange[] = [];
        const unsubscribe = registry.onChange((change) => changes.push(change));
        registry.register(input('redis'));
        unsubscribe();
        registry.register(input('memory'));
        registry.unregister('adapter', 'cache', 'redis');
        expect(changes.map((change) => [change.type, change.candidate.provider])).toEqual([['added', 'redis']]);
      });
    });
  });
});

describe('keyId()', () => {
  it('separates domain and key so that no two pairs collide', () => {
    expect(keyId('adapter', 'cache')).not.toBe(keyId('adapter', 'cach'));
    expect(keyId('adapter', 'a:b')).not.toBe(keyId('adapter:a', 'b'));
    expect(keyId('adapter', 'cache')).toBe(keyId('adapter', 'cache'));
  });
});
