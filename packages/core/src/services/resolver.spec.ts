import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import type { OneiricLogger } from '../logging/createLogger.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { Domain } from '../models/domain.js';
import { candidateInput as input } from '../testing/candidateInput.js';
import { thrownBy } from '../testing/thrownBy.js';
import { CandidateRegistry } from './candidateRegistry.js';
import { Resolver } from './resolver.js';

function withoutPriority(provider: string, overrides: Partial<CandidateInput> = {}): CandidateInput {
  const { priority: _priority, ...rest } = input(provider, overrides);
  return rest;
}

function newResolver(stackOrder: ReadonlyMap<string, number> = new Map()): Resolver {
  return new Resolver({ stackOrder });
}

/** A logger stand-in that records warn and debug calls. */
function recordingLogger(): { logger: OneiricLogger; warnings: unknown[][] } {
  const warnings: unknown[][] = [];
  const logger = {
    warn: (...args: unknown[]) => warnings.push(args),
    debug: () => undefined,
  } as unknown as OneiricLogger;
  return { logger, warnings };
}

describe('Resolver', () => {
  describe('constructor', () => {
    describe('having no registry', () => {
      it('creates its own', () => {
        const resolver = newResolver();
        expect(resolver.registry).toBeInstanceOf(CandidateRegistry);
      });
    });

    describe('having a registry that already holds candidates', () => {
      it('resolves them and follows later changes to it', () => {
        const registry = new CandidateRegistry();
        registry.register(input('memory', { priority: 1 }));
        const resolver = new Resolver({ registry, stackOrder: new Map() });
        expect(resolver.registry).toBe(registry);
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        registry.register(input('redis', { priority: 2 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      });
    });

    describe('having no stack order option', () => {
      const saved = process.env['ONEIRIC_STACK_ORDER'];
      afterEach(() => {
        if (saved === undefined) {
          delete process.env['ONEIRIC_STACK_ORDER'];
        } else {
          process.env['ONEIRIC_STACK_ORDER'] = saved;
        }
      });

      it('reads ONEIRIC_STACK_ORDER', () => {
        process.env['ONEIRIC_STACK_ORDER'] = 'myapp:100,otherapp:50';
        const resolver = new Resolver();
        expect(resolver.registerPackage('myapp', [withoutPriority('redis')])[0]?.priority).toBe(100);
        expect(resolver.registerPackage('otherapp', [withoutPriority('memory')])[0]?.priority).toBe(50);
      });
    });
  });

  describe('.resolve()', () => {
    describe('having an empty registry', () => {
      it('returns undefined', () => {
        // Reference 17.1.
        expect(newResolver().resolve('adapter', 'cache')).toBeUndefined();
        expect(newResolver().resolve('adapter', 'cache', { provider: 'redis' })).toBeUndefined();
        expect(newResolver().resolve('adapter', 'cache', { capabilities: ['ttl'] })).toBeUndefined();
      });
    });

    describe('having an unknown domain', () => {
      it('throws ResolutionError unknownDomain', () => {
        // "" is not a domain (the Python original returned null; the port refuses it).
        const error = thrownBy(() => newResolver().resolve('' as Domain, 'cache'));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.unknownDomain);
      });
    });

    describe('having a selection', () => {
      it('returns the selected provider over higher priority and stack level', () => {
        // Reference 17.2.
        const resolver = newResolver();
        resolver.register(input('memcached', { priority: 1, stackLevel: 1 }));
        resolver.register(input('redis', { priority: 100, stackLevel: 50 }));
        resolver.setSelection('adapter', 'cache', 'memcached');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memcached');
      });
    });

    describe('having a selection naming an unregistered provider', () => {
      it('falls through to precedence and logs a warning', () => {
        const { logger, warnings } = recordingLogger();
        const resolver = new Resolver({ logger, stackOrder: new Map() });
        resolver.register(input('redis', { priority: 100 }));
        resolver.register(input('memory', { priority: 1 }));
        resolver.setSelection('adapter', 'cache', 'ghost');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.[1]).toMatchObject({ domain: 'adapter', key: 'cache', provider: 'redis', selection: 'ghost' });
      });
    });

    describe('having different priorities and stack levels', () => {
      it('returns the higher priority even with a lower stack level', () => {
        // Reference 17.3: p50/s1 beats p1/s100.
        const resolver = newResolver();
        resolver.register(input('p1s100', { priority: 1, stackLevel: 100 }));
        resolver.register(input('p50s1', { priority: 50, stackLevel: 1 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('p50s1');
      });

      it('returns the higher stack level registered first over a later lower one at equal priority', () => {
        // Reference 17.3.
        const resolver = newResolver();
        resolver.register(input('s100', { priority: 5, stackLevel: 100 }));
        resolver.register(input('s1', { priority: 5, stackLevel: 1 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('s100');
      });
    });

    describe('having equal priority and stack level', () => {
      it('returns the later registration', () => {
        // Reference 17.4.
        const resolver = newResolver();
        resolver.register(input('first', { priority: 5, stackLevel: 2 }));
        resolver.register(input('second', { priority: 5, stackLevel: 2 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('second');
      });
    });

    describe('having 1000 candidates with stack levels 0..999', () => {
      it('returns provider-999', () => {
        // Reference 17.12; registered in an interleaved order so that the last one is not the best.
        const resolver = newResolver();
        for (let index = 0; index < 1000; index += 1) {
          const level = (index * 617) % 1000;
          resolver.register(input(`provider-${level}`, { stackLevel: level }));
        }
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('provider-999');
        expect(resolver.explain('adapter', 'cache').ranked[0]?.provider).toBe('provider-999');
      });
    });

    describe('having requested capabilities with requireAll true (the default)', () => {
      it('returns the best candidate with all of them', () => {
        // Reference 17.8: requiring "write", p1{read,write} beats p100{read}.
        const resolver = newResolver();
        resolver.register(input('capable', { priority: 1, capabilities: ['read', 'write'] }));
        resolver.register(input('strong', { priority: 100, capabilities: ['read'] }));
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['write'] })?.provider).toBe('capable');
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['write'], requireAll: true })?.provider).toBe('capable');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('strong');
      });

      it('returns undefined when no candidate has them all', () => {
        const resolver = newResolver();
        resolver.register(input('a', { capabilities: ['read'] }));
        resolver.register(input('b', { capabilities: ['write'] }));
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['read', 'write'] })).toBeUndefined();
      });

      it('normalises the requested names', () => {
        const resolver = newResolver();
        resolver.register(input('capable', { priority: 1, capabilities: ['write'] }));
        resolver.register(input('strong', { priority: 100 }));
        expect(resolver.resolve('adapter', 'cache', { capabilities: [' write ', 'write', ''] })?.provider).toBe('capable');
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['  '] })?.provider).toBe('strong');
      });
    });

    describe('having requested capabilities with requireAll false', () => {
      it('prefers more matched capabilities over priority and drops candidates matching none', () => {
        // Reference 17.8.
        const resolver = newResolver();
        resolver.register(input('both', { priority: 1, capabilities: ['read', 'write'] }));
        resolver.register(input('one', { priority: 100, capabilities: ['read'] }));
        resolver.register(input('none', { priority: 1000 }));
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['read', 'write'], requireAll: false })?.provider).toBe('both');
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['read', 'stream'], requireAll: false })?.provider).toBe('one');
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['stream'], requireAll: false })).toBeUndefined();
      });

      it('still ranks a selected candidate first among those that qualify', () => {
        const resolver = newResolver();
        resolver.register(input('both', { priority: 1, capabilities: ['read', 'write'] }));
        resolver.register(input('one', { priority: 1, capabilities: ['read'] }));
        resolver.setSelection('adapter', 'cache', 'one');
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['read', 'write'], requireAll: false })?.provider).toBe('one');
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['read', 'write'] })?.provider).toBe('both');
      });
    });

    describe('having a provider request', () => {
      it('returns the best-ranked candidate of that provider, not the oldest', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 10 }));
        const plugin = resolver.register(input('redis', { priority: 50, source: 'plugin' }));
        resolver.register(input('redis', { priority: 20, source: 'manual' }));
        resolver.register(input('memory', { priority: 100 }));
        expect(resolver.resolve('adapter', 'cache', { provider: 'redis' })).toBe(plugin);
      });

      it('returns that provider even when another is selected or ranks higher', () => {
        const resolver = newResolver();
        const redis = resolver.register(input('redis', { priority: 1 }));
        resolver.register(input('memory', { priority: 100 }));
        resolver.setSelection('adapter', 'cache', 'memory');
        expect(resolver.resolve('adapter', 'cache', { provider: 'redis' })).toBe(redis);
      });

      it('returns undefined for an unregistered provider', () => {
        const resolver = newResolver();
        resolver.register(input('redis'));
        expect(resolver.resolve('adapter', 'cache', { provider: 'ghost' })).toBeUndefined();
      });

      it('applies a capability filter to that provider\'s candidates', () => {
        // Reference 17.7: null when that provider lacks a required capability.
        const resolver = newResolver();
        const local = resolver.register(input('redis', { priority: 10, capabilities: ['ttl'] }));
        resolver.register(input('redis', { priority: 50, source: 'plugin' }));
        resolver.register(input('memory', { capabilities: ['ttl', 'stream'] }));
        expect(resolver.resolve('adapter', 'cache', { provider: 'redis', capabilities: ['ttl'] })).toBe(local);
        expect(resolver.resolve('adapter', 'cache', { provider: 'redis', capabilities: ['stream'] })).toBeUndefined();
        expect(resolver.resolve('adapter', 'cache', { provider: 'redis', capabilities: ['ttl', 'stream'], requireAll: false })).toBe(local);
      });
    });

    describe('having a cached winner', () => {
      it('returns a newly registered better candidate', () => {
        const resolver = newResolver();
        resolver.register(input('memory', { priority: 10 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        resolver.register(input('redis', { priority: 20 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      });

      it('keeps the winner when a worse candidate is registered', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 20 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.register(input('memory', { priority: 10 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      });

      it('returns a candidate registered after an empty key was resolved', () => {
        const resolver = newResolver();
        expect(resolver.resolve('adapter', 'cache')).toBeUndefined();
        resolver.register(input('redis'));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      });

      it('follows a replacement that demotes the winner', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 20 }));
        resolver.register(input('memory', { priority: 10 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.register(input('redis', { priority: 5 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
      });

      it('follows a replacement that promotes a loser', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 20 }));
        resolver.register(input('memory', { priority: 10 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.register(input('memory', { priority: 30 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
      });

      it('returns the replacement object, not the replaced one, when the winner is re-registered unchanged', () => {
        const resolver = newResolver();
        const first = resolver.register(input('redis'));
        expect(resolver.resolve('adapter', 'cache')).toBe(first);
        const again = resolver.register(input('redis'));
        expect(resolver.resolve('adapter', 'cache')).toBe(again);
      });

      it('returns the next best when the winner is unregistered', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        resolver.register(input('file', { priority: 10 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        expect(resolver.unregister('adapter', 'cache', 'redis').map((c) => c.provider)).toEqual(['redis']);
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        resolver.unregister('adapter', 'cache', 'memory');
        resolver.unregister('adapter', 'cache', 'file');
        expect(resolver.resolve('adapter', 'cache')).toBeUndefined();
      });

      it('keeps the winner when a loser is unregistered', () => {
        const resolver = newResolver();
        const redis = resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        expect(resolver.resolve('adapter', 'cache')).toBe(redis);
        resolver.unregister('adapter', 'cache', 'memory');
        expect(resolver.resolve('adapter', 'cache')).toBe(redis);
      });

      it('falls back to the same provider\'s other source when the winning source is unregistered', () => {
        const resolver = newResolver();
        const local = resolver.register(input('redis', { priority: 10 }));
        resolver.register(input('redis', { priority: 50, source: 'plugin' }));
        resolver.register(input('memory', { priority: 5 }));
        expect(resolver.resolve('adapter', 'cache')?.source).toBe('plugin');
        expect(resolver.unregister('adapter', 'cache', 'redis', 'plugin')).toHaveLength(1);
        expect(resolver.resolve('adapter', 'cache')).toBe(local);
      });

      it('follows the selection being set, changed and cleared', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        resolver.register(input('file', { priority: 10 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.setSelection('adapter', 'cache', 'file');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('file');
        resolver.setSelection('adapter', 'cache', 'memory');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        resolver.setSelection('adapter', 'cache', undefined);
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      });

      it('returns the selected provider once it is registered after the selection', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.setSelection('adapter', 'cache', 'memory');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.register(input('memory', { priority: 1 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
      });

      it('falls back to precedence when the selected provider is unregistered, and back again when it returns', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 1 }));
        resolver.setSelection('adapter', 'cache', 'memory');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        resolver.unregister('adapter', 'cache', 'memory');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.register(input('memory', { priority: 1 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
      });

      it('does not let a request with capabilities or a provider change the cached winner', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 1, capabilities: ['ttl'] }));
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['ttl'] })?.provider).toBe('memory');
        expect(resolver.resolve('adapter', 'cache', { provider: 'memory' })?.provider).toBe('memory');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        expect(resolver.resolve('adapter', 'cache', { requireAll: false })?.provider).toBe('redis');
        expect(resolver.resolve('adapter', 'cache', { capabilities: [] })?.provider).toBe('redis');
      });

      it('keeps each key\'s winner apart from another key\'s changes', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { key: 'queue', priority: 30 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.register(input('better', { key: 'queue', priority: 99 }));
        resolver.setSelection('adapter', 'queue', 'memory');
        resolver.unregister('adapter', 'queue', 'memory');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        expect(resolver.resolve('adapter', 'queue')?.provider).toBe('better');
      });
    });
  });

  describe('.require()', () => {
    describe('having a winner', () => {
      it('returns it', () => {
        const resolver = newResolver();
        const redis = resolver.register(input('redis'));
        expect(resolver.require('adapter', 'cache')).toBe(redis);
        expect(resolver.require('adapter', 'cache', { provider: 'redis' })).toBe(redis);
      });
    });

    describe('having no candidate', () => {
      it('throws ResolutionError noCandidate naming the key', () => {
        // Reference 17.13: an unknown key is "No candidate registered".
        const error = thrownBy(() => newResolver().require('adapter', 'cache'));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.noCandidate);
        expect((error as ResolutionError).message).toBe('No candidate registered for adapter:cache');
        expect((error as ResolutionError).context).toEqual({ domain: 'adapter', key: 'cache' });
      });
    });

    describe('having no candidate with the requested capabilities', () => {
      it('throws ResolutionError noCandidate naming the capabilities', () => {
        // Candidates exist but the capability filter removes them all: noCandidate, not unknownProvider.
        const resolver = newResolver();
        resolver.register(input('redis', { capabilities: ['read'] }));
        const error = thrownBy(() => resolver.require('adapter', 'cache', { capabilities: ['write ', 'ttl'] }));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.noCandidate);
        expect((error as ResolutionError).message).toBe('No candidate registered for adapter:cache with capabilities ttl, write');
      });
    });

    describe('having a selection naming an unregistered provider and no candidate', () => {
      it('throws ResolutionError noCandidate', () => {
        const resolver = newResolver();
        resolver.setSelection('adapter', 'cache', 'ghost');
        const error = thrownBy(() => resolver.require('adapter', 'cache'));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.noCandidate);
      });
    });

    describe('having a request naming an unregistered provider', () => {
      it('throws ResolutionError unknownProvider', () => {
        // The key has candidates, but none from "ghost".
        const resolver = newResolver();
        resolver.register(input('redis'));
        const error = thrownBy(() => resolver.require('adapter', 'cache', { provider: 'ghost' }));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.unknownProvider);
        expect((error as ResolutionError).context).toEqual({ domain: 'adapter', key: 'cache', provider: 'ghost' });
      });
    });

    describe('having a request naming a registered provider that lacks the capabilities', () => {
      it('throws ResolutionError noCandidate with the provider in the context', () => {
        // The provider exists, so this is not unknownProvider: the capability filter removed it.
        const resolver = newResolver();
        resolver.register(input('redis'));
        const error = thrownBy(() => resolver.require('adapter', 'cache', { provider: 'redis', capabilities: ['ttl'] }));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.noCandidate);
        expect((error as ResolutionError).context).toEqual({ domain: 'adapter', key: 'cache', provider: 'redis' });
      });
    });

    describe('having an unknown domain', () => {
      it('throws ResolutionError unknownDomain', () => {
        const error = thrownBy(() => newResolver().require('adapters' as Domain, 'cache'));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.unknownDomain);
      });
    });
  });

  describe('.explain()', () => {
    describe('having an unknown domain', () => {
      it('throws ResolutionError unknownDomain', () => {
        // "adapters" (plural) is not one of the six domains.
        const error = thrownBy(() => newResolver().explain('adapters' as Domain, 'cache'));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.unknownDomain);
      });
    });

    describe('having an empty registry', () => {
      it('ranks nothing and names no winner', () => {
        // Reference 17.1: explain -> ordered: [].
        expect(newResolver().explain('adapter', 'cache')).toEqual({
          domain: 'adapter',
          key: 'cache',
          request: { capabilities: [], requireAll: true },
          selection: null,
          selectionUnmatched: false,
          winner: null,
          ranked: [],
          filtered: [],
        });
      });
    });

    describe('having several candidates', () => {
      it('selects only the winner and agrees with resolve()', () => {
        // Reference 17.9: a single selected entry.
        const resolver = newResolver();
        resolver.register(input('memory', { priority: 100 }));
        resolver.register(input('redis', { priority: 400 }));
        resolver.register(input('file', { priority: 1 }));
        const explanation = resolver.explain('adapter', 'cache');
        expect(explanation.ranked.filter((ranked) => ranked.selected).map((ranked) => ranked.provider)).toEqual(['redis']);
        expect(explanation.winner).toBe(resolver.resolve('adapter', 'cache')?.provider);
      });

      it('explains the decision with decidedBy and summaries', () => {
        const resolver = newResolver();
        resolver.register(input('memory', { priority: 100 }));
        resolver.register(input('redis', { priority: 400 }));
        const [winner, loser] = resolver.explain('adapter', 'cache').ranked;
        expect(winner).toMatchObject({ provider: 'redis', decidedBy: 'priority', summary: 'beat memory on priority 400 > 100' });
        expect(loser).toMatchObject({ provider: 'memory', decidedBy: 'priority', summary: 'lost to redis on priority 400 > 100' });
      });
    });

    describe('having a single candidate', () => {
      it('gives one reason per tier with its values', () => {
        // Reference 17.9: priority 42, stack level 7, registration 1.
        const resolver = newResolver();
        resolver.register(input('only', { priority: 42, stackLevel: 7 }));
        const [only] = resolver.explain('adapter', 'cache').ranked;
        expect(only?.selected).toBe(true);
        expect(only?.reasons).toEqual(['no selection configured for this key', 'no capabilities requested', 'priority 42', 'stack level 7', 'registration #1']);
      });
    });

    describe('having a selection that matches', () => {
      it('gives the winner the matched-selection reason', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 100 }));
        resolver.register(input('memcached', { priority: 1 }));
        resolver.setSelection('adapter', 'cache', 'memcached');
        const explanation = resolver.explain('adapter', 'cache');
        expect(explanation.selection).toBe('memcached');
        expect(explanation.selectionUnmatched).toBe(false);
        expect(explanation.ranked[0]).toMatchObject({ provider: 'memcached', decidedBy: 'selection' });
        expect(explanation.ranked[0]?.reasons[0]).toBe('matched selection memcached');
        expect(explanation.ranked[1]?.reasons[0]).toBe('selection prefers memcached');
      });
    });

    describe('having a selection naming an unregistered provider', () => {
      it('reports selectionUnmatched and ranks by precedence', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 100 }));
        resolver.setSelection('adapter', 'cache', 'ghost');
        const explanation = resolver.explain('adapter', 'cache');
        expect(explanation).toMatchObject({ selection: 'ghost', selectionUnmatched: true, winner: 'redis' });
        expect(explanation.ranked[0]?.reasons[0]).toBe('selection ghost is not registered, so it is ignored');
      });

      it('reports selectionUnmatched false when the provider is registered but filtered out', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { capabilities: ['ttl'] }));
        resolver.register(input('memory'));
        resolver.setSelection('adapter', 'cache', 'memory');
        const explanation = resolver.explain('adapter', 'cache', { capabilities: ['ttl'] });
        expect(explanation).toMatchObject({ selection: 'memory', selectionUnmatched: false, winner: 'redis' });
        expect(explanation.filtered.map((filtered) => filtered.provider)).toEqual(['memory']);
      });
    });

    describe('having a capability request', () => {
      it('lists the candidates the filter removed, with what they lack', () => {
        const resolver = newResolver();
        resolver.register(input('capable', { priority: 1, capabilities: ['read', 'write'] }));
        resolver.register(input('strong', { priority: 100, capabilities: ['read'], source: 'plugin' }));
        const explanation = resolver.explain('adapter', 'cache', { capabilities: ['write', ' read'] });
        expect(explanation.request).toEqual({ capabilities: ['read', 'write'], requireAll: true });
        expect(explanation.winner).toBe('capable');
        expect(explanation.filtered).toEqual([
          { provider: 'strong', source: 'plugin', cause: 'capabilities', missingCapabilities: ['write'], reason: 'missing required capabilities: write' },
        ]);
      });

      it('with requireAll false lists only candidates matching none', () => {
        const resolver = newResolver();
        resolver.register(input('one', { capabilities: ['read'] }));
        resolver.register(input('none', { priority: 1000 }));
        const explanation = resolver.explain('adapter', 'cache', { capabilities: ['read', 'write'], requireAll: false });
        expect(explanation.ranked.map((ranked) => ranked.provider)).toEqual(['one']);
        expect(explanation.filtered).toEqual([
          { provider: 'none', source: 'local', cause: 'capabilities', missingCapabilities: ['read', 'write'], reason: 'has none of the requested capabilities: read, write' },
        ]);
      });
    });

    describe('having any state', () => {
      it('returns JSON that round-trips to an equal value', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 400, capabilities: ['ttl'], metadata: { region: 'eu' } }));
        resolver.register(input('memory', { priority: 100, stackLevel: 3, source: 'plugin' }));
        resolver.registerPackage('myapp', [withoutPriority('file', { description: 'files' })], { priority: 7 });
        resolver.setSelection('adapter', 'cache', 'memory');
        for (const explanation of [
          resolver.explain('adapter', 'cache'),
          resolver.explain('adapter', 'cache', { capabilities: ['ttl'] }),
          resolver.explain('adapter', 'cache', { capabilities: ['ttl', 'x'], requireAll: false }),
          resolver.explain('adapter', 'missing'),
        ]) {
          expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
        }
      });
    });
  });

  describe('.setSelection()', () => {
    describe('having an unknown domain', () => {
      it('throws ResolutionError unknownDomain', () => {
        const error = thrownBy(() => newResolver().setSelection('nope' as Domain, 'cache', 'redis'));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.unknownDomain);
      });
    });

    describe('having a provider', () => {
      it('stores it per domain and key', () => {
        const resolver = newResolver();
        resolver.setSelection('adapter', 'cache', 'redis');
        resolver.setSelection('service', 'cache', 'other');
        expect(resolver.selection('adapter', 'cache')).toBe('redis');
        expect(resolver.selection('service', 'cache')).toBe('other');
        expect(resolver.selection('adapter', 'queue')).toBeUndefined();
        expect(resolver.selections('adapter')).toEqual({ cache: 'redis' });
        expect(resolver.selections('task')).toEqual({});
      });
    });

    describe('having undefined', () => {
      it('clears the selection', () => {
        const resolver = newResolver();
        resolver.setSelection('adapter', 'cache', 'redis');
        resolver.setSelection('adapter', 'cache', undefined);
        expect(resolver.selection('adapter', 'cache')).toBeUndefined();
        expect(resolver.selections('adapter')).toEqual({});
      });
    });
  });

  describe('.setSelections()', () => {
    describe('having keys absent from the new selections', () => {
      it('clears them and sets the rest', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 100 }));
        resolver.register(input('memory', { priority: 1 }));
        resolver.setSelections('adapter', { cache: 'memory', queue: 'sqs' });
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        resolver.setSelections('adapter', { queue: 'redis' });
        expect(resolver.selections('adapter')).toEqual({ queue: 'redis' });
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      });
    });

    describe('having a selected key named like an Object.prototype member', () => {
      it('clears it too when it is absent from the new selections', () => {
        // "constructor" and "toString" are valid keys; `key in selections` finds them on
        // Object.prototype, so the old selection survives a replacement that omits it.
        const resolver = newResolver();
        resolver.register(input('redis', { key: 'constructor', priority: 100 }));
        resolver.register(input('memory', { key: 'constructor', priority: 1 }));
        resolver.setSelections('adapter', { constructor: 'memory', toString: 'x' } as Record<string, string>);
        resolver.setSelections('adapter', {});
        expect(resolver.selections('adapter')).toEqual({});
        expect(resolver.resolve('adapter', 'constructor')?.provider).toBe('redis');
      });
    });
  });

  describe('.listActive()', () => {
    describe('having several keys', () => {
      it('returns each key\'s winner in order of the keys\' first registration', () => {
        const resolver = newResolver();
        resolver.register(input('memory', { key: 'queue', priority: 1 }));
        resolver.register(input('redis', { priority: 100 }));
        resolver.register(input('sqs', { key: 'queue', priority: 50 }));
        resolver.register(input('file', { priority: 1 }));
        resolver.register(input('other', { domain: 'service', key: 'checkout' }));
        expect(resolver.listActive('adapter').map((c) => [c.key, c.provider])).toEqual([['queue', 'sqs'], ['cache', 'redis']]);
      });

      it('follows selections and unregistrations', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 100 }));
        resolver.register(input('memory', { priority: 1 }));
        resolver.register(input('sqs', { key: 'queue' }));
        resolver.setSelection('adapter', 'cache', 'memory');
        expect(resolver.listActive('adapter').map((c) => c.provider)).toEqual(['memory', 'sqs']);
        resolver.unregister('adapter', 'queue', 'sqs');
        expect(resolver.listActive('adapter').map((c) => c.provider)).toEqual(['memory']);
      });
    });

    describe('having an empty domain', () => {
      it('returns an empty list', () => {
        expect(newResolver().listActive('workflow')).toEqual([]);
      });
    });

    describe('having an unknown domain', () => {
      it('throws ResolutionError unknownDomain', () => {
        const error = thrownBy(() => newResolver().listActive('x' as Domain));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.unknownDomain);
      });
    });
  });

  describe('.listShadowed()', () => {
    describe('having several keys', () => {
      it('returns every loser, key by key, in registration order', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 100 }));
        resolver.register(input('memory', { priority: 1 }));
        resolver.register(input('sqs', { key: 'queue', priority: 1 }));
        resolver.register(input('file', { priority: 2 }));
        resolver.register(input('kafka', { key: 'queue', priority: 9 }));
        expect(resolver.listShadowed('adapter').map((c) => [c.key, c.provider])).toEqual([['cache', 'memory'], ['cache', 'file'], ['queue', 'sqs']]);
      });

      it('includes the same provider\'s losing source', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 1 }));
        resolver.register(input('redis', { priority: 2, source: 'plugin' }));
        expect(resolver.listShadowed('adapter').map((c) => [c.provider, c.source])).toEqual([['redis', 'local']]);
      });

      it('follows a selection change', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 100 }));
        resolver.register(input('memory', { priority: 1 }));
        resolver.setSelection('adapter', 'cache', 'memory');
        expect(resolver.listShadowed('adapter').map((c) => c.provider)).toEqual(['redis']);
      });
    });

    describe('having one candidate per key', () => {
      it('returns an empty list', () => {
        const resolver = newResolver();
        resolver.register(input('redis'));
        resolver.register(input('sqs', { key: 'queue' }));
        expect(resolver.listShadowed('adapter')).toEqual([]);
      });
    });
  });

  describe('.setHealth()', () => {
    describe('having the winner marked unhealthy', () => {
      it('fails over to the next best and back when it is healthy again', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        resolver.setHealth('adapter', 'cache', 'redis', false, 'circuit open');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        expect([...resolver.unhealthy('adapter', 'cache')]).toEqual([['redis', 'circuit open']]);
        resolver.setHealth('adapter', 'cache', 'redis', true);
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        expect(resolver.unhealthy('adapter', 'cache').size).toBe(0);
      });

      it('fails over even from a selected provider, and warns', () => {
        const { logger, warnings } = recordingLogger();
        const resolver = new Resolver({ logger, stackOrder: new Map() });
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        resolver.setSelection('adapter', 'cache', 'memory');
        resolver.setHealth('adapter', 'cache', 'memory', false, 'circuit open');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.[1]).toMatchObject({ provider: 'redis', selection: 'memory', reason: 'circuit open' });
      });

      it('lists it in explain as filtered with cause unhealthy', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30, source: 'plugin' }));
        resolver.register(input('memory', { priority: 20 }));
        resolver.setHealth('adapter', 'cache', 'redis', false, 'circuit open');
        const explanation = resolver.explain('adapter', 'cache');
        expect(explanation.winner).toBe('memory');
        expect(explanation.ranked.map((ranked) => ranked.provider)).toEqual(['memory']);
        expect(explanation.filtered).toEqual([
          { provider: 'redis', source: 'plugin', cause: 'unhealthy', missingCapabilities: [], reason: 'unhealthy: circuit open' },
        ]);
      });

      it('still returns it for an explicit provider request', () => {
        const resolver = newResolver();
        const redis = resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        resolver.setHealth('adapter', 'cache', 'redis', false);
        expect(resolver.resolve('adapter', 'cache', { provider: 'redis' })).toBe(redis);
      });

      it('leaves it out of capability requests', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30, capabilities: ['ttl'] }));
        resolver.register(input('memory', { priority: 20, capabilities: ['ttl'] }));
        resolver.setHealth('adapter', 'cache', 'redis', false);
        expect(resolver.resolve('adapter', 'cache', { capabilities: ['ttl'] })?.provider).toBe('memory');
      });

      it('keeps resolving correctly as candidates are added, replaced and removed', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        resolver.setHealth('adapter', 'cache', 'redis', false);
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
        resolver.register(input('file', { priority: 25 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('file');
        resolver.register(input('redis', { priority: 99 }));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('file');
        resolver.unregister('adapter', 'cache', 'file');
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('memory');
      });
    });

    describe('having every candidate marked unhealthy', () => {
      it('ignores health and lists nothing as unhealthy in explain', () => {
        const resolver = newResolver();
        resolver.register(input('redis', { priority: 30 }));
        resolver.register(input('memory', { priority: 20 }));
        resolver.setHealth('adapter', 'cache', 'redis', false);
        resolver.setHealth('adapter', 'cache', 'memory', false);
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        const explanation = resolver.explain('adapter', 'cache');
        expect(explanation.winner).toBe('redis');
        expect(explanation.filtered).toEqual([]);
      });
    });

    describe('having a provider that is already healthy', () => {
      it('does not notify key listeners', () => {
        const resolver = newResolver();
        resolver.register(input('redis'));
        const changed: string[] = [];
        resolver.onKeyChanged((domain, key) => changed.push(`${domain}:${key}`));
        resolver.setHealth('adapter', 'cache', 'redis', true);
        resolver.setHealth('adapter', 'cache', 'redis', false);
        expect(changed).toEqual(['adapter:cache']);
      });
    });

    describe('having an unknown domain', () => {
      it('throws ResolutionError unknownDomain', () => {
        const error = thrownBy(() => newResolver().setHealth('nope' as Domain, 'cache', 'redis', false));
        expect(error).toBeInstanceOf(ResolutionError);
        expect((error as ResolutionError).kind).toBe(ResolutionErrorKind.unknownDomain);
      });
    });
  });

  describe('.onKeyChanged()', () => {
    describe('having a listener', () => {
      it('is told about registrations, replacements, unregistrations and selection changes of a key', () => {
        const resolver = newResolver();
        const changed: string[] = [];
        resolver.onKeyChanged((domain, key) => changed.push(`${domain}:${key}`));
        resolver.register(input('redis'));
        resolver.register(input('redis'));
        resolver.register(input('sqs', { key: 'queue' }));
        resolver.unregister('adapter', 'cache', 'redis');
        resolver.setSelection('adapter', 'queue', 'sqs');
        expect(changed).toEqual(['adapter:cache', 'adapter:cache', 'adapter:queue', 'adapter:cache', 'adapter:queue']);
      });

      it('is not told when a selection is set to its current value', () => {
        const resolver = newResolver();
        resolver.setSelection('adapter', 'cache', 'redis');
        const changed: string[] = [];
        resolver.onKeyChanged((domain, key) => changed.push(`${domain}:${key}`));
        resolver.setSelection('adapter', 'cache', 'redis');
        resolver.setSelection('adapter', 'queue', undefined);
        expect(changed).toEqual([]);
      });

      it('stops being told after unsubscribing', () => {
        const resolver = newResolver();
        const changed: string[] = [];
        const unsubscribe = resolver.onKeyChanged((domain, key) => changed.push(`${domain}:${key}`));
        resolver.register(input('redis'));
        unsubscribe();
        resolver.register(input('memory'));
        expect(changed).toEqual(['adapter:cache']);
      });
    });
  });

  describe('.register()', () => {
    describe('having no priority', () => {
      it('uses priority 0, not a stack order entry', () => {
        const resolver = newResolver(new Map([['myapp', 100]]));
        expect(resolver.register(withoutPriority('redis', { packageName: 'myapp' })).priority).toBe(0);
      });
    });

    describe('having an invalid input', () => {
      it('throws RegistrationError and changes no winner', () => {
        // An empty provider name is invalidProvider.
        const resolver = newResolver();
        resolver.register(input('redis'));
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
        const error = thrownBy(() => resolver.register(input('', { priority: 1000 })));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidProvider);
        expect(resolver.resolve('adapter', 'cache')?.provider).toBe('redis');
      });
    });
  });

  describe('.registerPackage()', () => {
    describe('having candidates without their own priority', () => {
      it('gives them the priority option, then the stack order entry, then 0', () => {
        // Reference 17.5/17.11: a missing priority becomes the package priority; env beats hints.
        const resolver = newResolver(new Map([['myapp', 100]]));
        expect(resolver.registerPackage('myapp', [withoutPriority('a')], { priority: 7 })[0]?.priority).toBe(7);
        expect(resolver.registerPackage('myapp', [withoutPriority('b')])[0]?.priority).toBe(100);
        expect(resolver.registerPackage('other', [withoutPriority('c')])[0]?.priority).toBe(0);
      });

      it('never infers a priority from a path-like package name', () => {
        const resolver = newResolver(new Map([['myapp', 100]]));
        expect(resolver.registerPackage('vendor/adapters/deep/myapp', [withoutPriority('a')])[0]?.priority).toBe(0);
      });
    });

    describe('having candidates with their own priority', () => {
      it('keeps it, including an explicit 0', () => {
        // Reference 17.5.
        const resolver = newResolver(new Map([['myapp', 100]]));
        const candidates = resolver.registerPackage('myapp', [input('a', { priority: 0 }), input('b', { priority: 3 })], { priority: 7 });
        expect(candidates.map((c) => c.priority)).toEqual([0, 3]);
      });
    });

    describe('having one bad input', () => {
      it('throws and registers none of them', () => {
        // A fractional stack level is invalidStackLevel; the valid first input must not be stored.
        const resolver = newResolver();
        const changed: string[] = [];
        resolver.onKeyChanged((domain, key) => changed.push(`${domain}:${key}`));
        const error = thrownBy(() => resolver.registerPackage('myapp', [input('good'), input('bad', { stackLevel: 1.5 })]));
        expect(error).toBeInstanceOf(RegistrationError);
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidStackLevel);
        expect(resolver.resolve('adapter', 'cache')).toBeUndefined();
        expect(resolver.registry.keys('adapter')).toEqual([]);
        expect(changed).toEqual([]);
      });
    });

    describe('having a non-integer priority option', () => {
      it('throws RegistrationError invalidPriority instead of registering a NaN or fractional priority', () => {
        // The option becomes the priority of candidates without their own, so it must be a safe
        // integer like any explicit priority; NaN would make compareScores return NaN.
        for (const priority of [Number.NaN, 1.5]) {
          const resolver = newResolver();
          const error = thrownBy(() => resolver.registerPackage('myapp', [withoutPriority('redis')], { priority }));
          expect(error).toBeInstanceOf(RegistrationError);
          expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.invalidPriority);
          expect(resolver.registry.count('adapter', 'cache')).toBe(0);
        }
      });
    });
  });
});
