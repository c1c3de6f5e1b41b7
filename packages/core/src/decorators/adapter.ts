/** `@Adapter`: declares a provider in the `adapter` domain. */
import type { ProviderKey } from '../keys/providerKey.js';
import { domainProvider, type PriorityOrOptions, type TypedClassDecorator } from './provider.js';

/**
 * Declares the class as provider `provider` of an adapter category (`cache`, `database`) in the `adapter` domain. Given a typed key
 * (`defineKey<Contract>('adapter', ...)`), the class must implement the key's contract.
 * @param category - the key: its name, or a typed key of the `adapter` domain
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @throws RegistrationError `invalidDomain` when given a typed key of another domain
 * @example
 * ```ts
 * @Adapter('example', 'default', 100)
 * class Example {}
 * ```
 * @category Decorators
 */
export function Adapter<T>(category: ProviderKey<T>, provider: string, priorityOrOptions?: PriorityOrOptions): TypedClassDecorator<T>;
export function Adapter(category: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator;
export function Adapter(category: string | ProviderKey<unknown>, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return domainProvider('adapter', category, provider, priorityOrOptions);
}
