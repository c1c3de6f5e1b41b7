import { Oneiric } from '../application/oneiric.js';
import { Adapter } from '../decorators/adapter.js';
import { Service } from '../decorators/service.js';
import { Inject } from '../container/injectDecorators.js';
import { isOneiricError } from '../errors/oneiricError.js';
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import { expectThrown } from '../testing/expectThrown.js';
import { defineKey, isProviderKey } from './providerKey.js';

interface Greeter { greet(name: string): string }

const greeterKey = defineKey<Greeter>('adapter', 'greeter');
const frontKey = defineKey<{ welcome(): string }>('service', 'front');

@Adapter(greeterKey, 'english', 200)
class EnglishGreeter implements Greeter {
  greet(name: string): string { return `hello ${name}`; }
}

@Adapter(greeterKey, 'french', 100)
class FrenchGreeter implements Greeter {
  greet(name: string): string { return `bonjour ${name}`; }
}

@Service(frontKey, 'default')
class Front {
  // The key is its own parameter decorator, as a VS Code service identifier is.
  constructor(@greeterKey private readonly greeter: Greeter, @Inject(greeterKey) private readonly same: Greeter) {}
  welcome(): string { return `${this.greeter.greet('ada')} / ${this.same.greet('bob')}`; }
}

describe('defineKey', () => {
  describe('when the key is well formed', () => {
    it('carries its domain, key and the same token the string form uses', () => {
      expect(greeterKey.domain).toBe('adapter');
      expect(greeterKey.key).toBe('greeter');
      expect(greeterKey.token).toBe(Symbol.for('oneiric:adapter:greeter'));
      expect(String(greeterKey)).toBe('adapter:greeter');
      expect(isProviderKey(greeterKey)).toBe(true);
      expect(isProviderKey('adapter:greeter')).toBe(false);
    });
  });

  describe('when the key or domain is malformed', () => {
    it('throws RegistrationError invalidKey for a key with spaces (it could never be registered)', () => {
      const error = expectThrown(() => defineKey('adapter', 'no spaces'), RegistrationError);
      expect(error.kind).toBe(RegistrationErrorKind.invalidKey);
    });

    it('throws RegistrationError invalidDomain for an unknown domain (only reachable from untyped code)', () => {
      const error = expectThrown(() => defineKey('adaptor' as never, 'cache'), RegistrationError);
      expect(error.kind).toBe(RegistrationErrorKind.invalidDomain);
    });
  });
});

describe('Oneiric with typed keys', () => {
  it('declares, injects and uses providers through one key value', async () => {
    const app = new Oneiric();
    app.register(EnglishGreeter, FrenchGreeter, Front);
    await app.start();
    const greeter = app.use(greeterKey);
    expect(greeter.greet('x')).toBe('hello x');
    expect(app.use(frontKey).welcome()).toBe('hello ada / hello bob');
    await app.select('adapter', 'greeter', 'french');
    expect(app.use(frontKey).welcome()).toBe('bonjour ada / bonjour bob');
    expect(app.current(greeterKey)).toBeInstanceOf(FrenchGreeter);
    await app.close();
  });

  it('refuses at once a key with no candidate, naming the nearest registered key', () => {
    const app = new Oneiric();
    app.register(EnglishGreeter);
    // ResolutionError unknownKey: a typo must fail at use(), not at the first call through the reference.
    const error = expectThrown(() => app.use(defineKey<Greeter>('adapter', 'greter')), ResolutionError);
    expect(error.kind).toBe(ResolutionErrorKind.unknownKey);
    expect(error.message).toContain('adapter:greter');
    expect(error.message).toContain('did you mean adapter:greeter?');
    // The string form gets the same check.
    expect(expectThrown(() => app.use('adapter', 'greter'), ResolutionError).kind).toBe(ResolutionErrorKind.unknownKey);
  });

  it('refuses a typed key of another domain on a domain decorator with RegistrationError invalidDomain', () => {
    // A service key on @Adapter is a plain mistake the key's own domain reveals.
    const error = expectThrown(() => Adapter(frontKey as never, 'wrong'), RegistrationError);
    expect(error.kind).toBe(RegistrationErrorKind.invalidDomain);
  });
});

describe('isOneiricError', () => {
  it('recognises an error of this copy, and filters by kind', () => {
    const error = new ResolutionError(ResolutionErrorKind.unknownKey, 'x');
    expect(isOneiricError(error)).toBe(true);
    expect(isOneiricError(error, 'unknownKey')).toBe(true);
    expect(isOneiricError(error, 'notBound')).toBe(false);
  });

  it('recognises an error thrown by another loaded copy of the package (same Symbol.for brand, other class)', () => {
    class ForeignCopyError extends Error {
      public readonly kind = 'healthFailed';
    }
    const foreign = Object.assign(new ForeignCopyError('from another copy'), { [Symbol.for('oneiric.error')]: true });
    expect(foreign instanceof ResolutionError).toBe(false);
    expect(isOneiricError(foreign, 'healthFailed')).toBe(true);
  });

  it('does not take an error that merely has a similar name or kind for one', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'LifecycleError', kind: 'healthFailed' });
    expect(isOneiricError(lookalike)).toBe(false);
    expect(isOneiricError('LifecycleError')).toBe(false);
    expect(isOneiricError(null)).toBe(false);
  });
});
