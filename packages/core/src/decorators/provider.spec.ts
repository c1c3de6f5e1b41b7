import { Action } from './action.js';
import { Adapter } from './adapter.js';
import { candidateInputFromClass } from './candidateInputFromClass.js';
import { EventHandler } from './eventHandler.js';
import { Provider } from './provider.js';
import { getProviderMetadata } from './providerMetadata.js';
import { Service } from './service.js';
import { Task } from './task.js';
import { Workflow } from './workflow.js';
import { Resolver } from '../services/resolver.js';
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';

class Settings {}

describe('Provider decorators', () => {
  describe('each domain decorator', () => {
    it('records its own domain, key and provider', () => {
      @Adapter('cache', 'redis') class A {}
      @Service('checkout', 'default') class S {}
      @Task('invoice', 'batch') class T {}
      @EventHandler('user.created', 'audit') class E {}
      @Workflow('onboarding', 'v1') class W {}
      @Action('compress', 'gzip') class X {}
      const seen = [A, S, T, E, W, X].map((target) => {
        const metadata = getProviderMetadata(target);
        return `${metadata?.domain}:${metadata?.key}/${metadata?.provider}`;
      });
      expect(seen).toEqual([
        'adapter:cache/redis', 'service:checkout/default', 'task:invoice/batch',
        'event:user.created/audit', 'workflow:onboarding/v1', 'action:compress/gzip',
      ]);
    });
  });

  describe('with a number as the third argument', () => {
    it('takes it as the priority', () => {
      @Adapter('cache', 'redis', 400) class A {}
      expect(getProviderMetadata(A)?.priority).toBe(400);
    });
  });

  describe('with an options object', () => {
    it('keeps priority, stack level, capabilities, settings class and description', () => {
      @Provider('adapter', 'cache', 'memory', { priority: 100, stackLevel: 2, capabilities: ['ttl'], settings: Settings, description: 'in memory' })
      class M {}
      const input = candidateInputFromClass(M);
      expect(input).toMatchObject({
        domain: 'adapter', key: 'cache', provider: 'memory', priority: 100, stackLevel: 2,
        capabilities: ['ttl'], settingsClass: Settings, description: 'in memory', displayName: 'M',
        factory: { kind: 'class', target: M },
      });
    });
  });

  describe('when only decorating', () => {
    it('registers nothing anywhere: registration is explicit', () => {
      const resolver = new Resolver({ stackOrder: new Map() });
      @Adapter('decorated-only', 'x') class D {}
      expect(getProviderMetadata(D)).toBeDefined();
      expect(resolver.resolve('adapter', 'decorated-only')).toBeUndefined();
    });

    it('does not let a subclass inherit its parent\'s registration silently', () => {
      @Adapter('cache', 'base') class Base {}
      class Derived extends Base {}
      // Derived has no decorator of its own: RegistrationError missingMetadata names Derived.
      expect(() => candidateInputFromClass(Derived)).toThrow(RegistrationError);
      try {
        candidateInputFromClass(Derived);
      } catch (error) {
        expect((error as RegistrationError).kind).toBe(RegistrationErrorKind.missingMetadata);
        expect((error as RegistrationError).message).toMatch(/^Derived:/);
      }
    });
  });

  describe('with malformed metadata', () => {
    const cases: Array<[string, () => Function, RegistrationErrorKind]> = [
      ['an empty key', () => { @Adapter('', 'x') class EmptyKey {} return EmptyKey; }, RegistrationErrorKind.invalidKey],
      ['a provider with a slash', () => { @Adapter('cache', 'a/b') class SlashProvider {} return SlashProvider; }, RegistrationErrorKind.invalidProvider],
      ['a non-integer priority', () => { @Adapter('cache', 'x', 0.5) class HalfPriority {} return HalfPriority; }, RegistrationErrorKind.invalidPriority],
      ['a NaN stack level', () => { @Adapter('cache', 'x', { stackLevel: Number.NaN }) class NanStack {} return NanStack; }, RegistrationErrorKind.invalidStackLevel],
    ];
    it.each(cases)('rejects %s at registration with a RegistrationError naming the class', (_label, make, kind) => {
      const target = make() as new () => object;
      const resolver = new Resolver({ stackOrder: new Map() });
      let caught: unknown;
      try {
        resolver.register(candidateInputFromClass(target));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RegistrationError);
      expect((caught as RegistrationError).kind).toBe(kind);
      expect((caught as RegistrationError).message.startsWith(`${target.name}:`)).toBe(true);
      expect(resolver.registry.keys('adapter')).toEqual([]);
    });
  });
});
