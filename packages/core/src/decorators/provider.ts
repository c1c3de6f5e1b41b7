/** The generic provider decorator every domain decorator is sugar for. */
import type { Domain } from '../models/domain.js';
import { setProviderMetadata, type ProviderOptions } from './providerMetadata.js';

/** A priority number (the short form) or a full options object. */
export type PriorityOrOptions = number | ProviderOptions;

/**
 * Marks a class as a provider of `domain`/`key`. It only attaches metadata: nothing is
 * registered until the class is passed to `Oneiric.register` (or a package loader), and bad
 * metadata is reported then, naming the class.
 * @example
 * ```ts
 * @Provider('adapter', 'cache', 'memory', { priority: 100 })
 * class MemoryCache {}
 * ```
 */
export function Provider(domain: Domain, key: string, provider: string, options: PriorityOrOptions = {}): ClassDecorator {
  const resolved: ProviderOptions = typeof options === 'number' ? { priority: options } : options;
  return (target) => {
    setProviderMetadata(target, { ...resolved, domain, key, provider });
  };
}
