/** The generic provider decorator every domain decorator is sugar for. */
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import type { ProviderKey } from '../keys/providerKey.js';
import type { Domain } from '../models/domain.js';
import { setProviderMetadata, type ProviderOptions } from './providerMetadata.js';

/** A priority number (the short form) or a full options object. @category Decorators */
export type PriorityOrOptions = number | ProviderOptions;

/**
 * The decorator a typed key gives: applicable only to a class whose instances implement the
 * key's contract `T`, so `@Adapter(cacheKey, 'redis')` on a class that is not a `Cache` does
 * not compile.
 * @category Decorators
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor parameters are the class's own business
export type TypedClassDecorator<T> = <C extends abstract new (...args: any[]) => T>(target: C) => void;

/**
 * Marks a class as a provider of `domain`/`key`. It only attaches metadata: nothing is
 * registered until the class is passed to `Oneiric.register` (or a package loader), and bad
 * metadata is reported then, naming the class. With a typed key the class is checked against
 * the key's contract at compile time.
 * @example
 * ```ts
 * @Provider('adapter', 'cache', 'memory', { priority: 100 })
 * class MemoryCache {}
 * ```
 * @category Decorators
 */
export function Provider<T>(key: ProviderKey<T>, provider: string, options?: PriorityOrOptions): TypedClassDecorator<T>;
export function Provider(domain: Domain, key: string, provider: string, options?: PriorityOrOptions): ClassDecorator;
export function Provider(
  domainOrKey: Domain | ProviderKey<unknown>,
  keyOrProvider: string,
  providerOrOptions?: string | PriorityOrOptions,
  maybeOptions?: PriorityOrOptions,
): ClassDecorator {
  if (typeof domainOrKey === 'function') {
    return decorate(domainOrKey.domain, domainOrKey.key, keyOrProvider, providerOrOptions as PriorityOrOptions | undefined);
  }
  return decorate(domainOrKey, keyOrProvider, providerOrOptions as string, maybeOptions);
}

/**
 * The body of every domain decorator: accepts a key name or a typed key of that domain.
 * @throws RegistrationError `invalidDomain` when a typed key of another domain is given
 * @internal
 */
export function domainProvider(domain: Domain, key: string | ProviderKey<unknown>, provider: string, options?: PriorityOrOptions): ClassDecorator {
  if (typeof key === 'string') {
    return decorate(domain, key, provider, options);
  }
  if (key.domain !== domain) {
    // A typed key carries its domain: using it with another domain's decorator is a plain mistake.
    throw new RegistrationError(RegistrationErrorKind.invalidDomain, `${String(key)} is a key of the ${key.domain} domain, not of ${domain}`, {
      domain: key.domain, key: key.key, provider,
    });
  }
  return decorate(domain, key.key, provider, options);
}

function decorate(domain: Domain, key: string, provider: string, options: PriorityOrOptions = {}): ClassDecorator {
  const resolved: ProviderOptions = typeof options === 'number' ? { priority: options } : options;
  return (target) => {
    setProviderMetadata(target, { ...resolved, domain, key, provider });
  };
}
