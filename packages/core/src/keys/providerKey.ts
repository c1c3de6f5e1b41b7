/** Typed keys: one value that names a key, carries its contract type and injects it. */
import { inject } from 'inversify';
import { domainToken } from '../container/domainToken.js';
import type { InjectDecorator } from '../container/injectDecorators.js';
import { isDomain, type Domain } from '../models/domain.js';
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import { isValidKey } from '../calculations/validateCandidateInput.js';

// The contract type lives only at the type level; this brand keeps `ProviderKey<A>` and
// `ProviderKey<B>` distinct even though no runtime value carries T.
declare const contractBrand: unique symbol;

/**
 * A key defined once with its contract: `defineKey<Cache>('adapter', 'cache')`. It is also the
 * parameter/property decorator that injects the key's live reference (as VS Code's service
 * identifiers are), so one import serves to declare, inject and use:
 * `constructor(@cacheKey private readonly cache: Cache)`, `app.use(cacheKey)` typed `Cache`,
 * `@Adapter(cacheKey, 'redis', 400)` checked against `Cache` at compile time.
 * @typeParam T - the contract every provider of the key implements
 * @category Keys
 */
export interface ProviderKey<T> extends InjectDecorator {
  /** The domain of the key. */
  readonly domain: Domain;
  /** The key inside its domain. */
  readonly key: string;
  /** The Inversify token of the key's live reference (the same as `domainToken(domain, key)`). */
  readonly token: symbol;
  /** `domain:key`, for messages. */
  toString(): string;
  /** Type-level only: the contract. Never present at run time. */
  readonly [contractBrand]?: T;
}

/** The contract type a {@link ProviderKey} carries. @category Keys */
export type ContractOf<K> = K extends ProviderKey<infer T> ? T : never;

/**
 * Defines a typed key. Define each key once (next to its contract interface) and import it
 * wherever the key is declared, injected or used.
 * @throws RegistrationError `invalidKey` or `invalidDomain` when the key or domain is malformed
 * @example
 * ```ts
 * interface Cache { get(key: string): string | undefined }
 * const cacheKey = defineKey<Cache>('adapter', 'cache');
 * ```
 * @category Keys
 */
export function defineKey<T>(domain: Domain, key: string): ProviderKey<T> {
  if (!isDomain(domain)) {
    throw new RegistrationError(RegistrationErrorKind.invalidDomain, `defineKey: '${String(domain)}' is not a domain`, { key });
  }
  if (!isValidKey(key)) {
    throw new RegistrationError(RegistrationErrorKind.invalidKey, `defineKey: '${key}' is not a valid key of ${domain}`, { domain, key });
  }
  const token = domainToken(domain, key);
  const decorator = inject(token);
  const injectKey = ((...args: Parameters<InjectDecorator>) => decorator(...args)) as InjectDecorator;
  return Object.freeze(Object.assign(injectKey, {
    domain,
    key,
    token,
    toString: () => `${domain}:${key}`,
  })) as ProviderKey<T>;
}

/** True when `value` is a key made by {@link defineKey}. @category Keys */
export function isProviderKey(value: unknown): value is ProviderKey<unknown> {
  return typeof value === 'function' && typeof (value as { token?: unknown }).token === 'symbol'
    && isDomain((value as { domain?: unknown }).domain) && typeof (value as { key?: unknown }).key === 'string';
}
