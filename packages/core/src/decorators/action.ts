/** `@Action`: declares a provider in the `action` domain. */
import type { ProviderKey } from '../keys/providerKey.js';
import { domainProvider, type PriorityOrOptions, type TypedClassDecorator } from './provider.js';

/**
 * Declares the class as provider `provider` of an action key (`compression.encode`) in the `action` domain. Given a typed key
 * (`defineKey<Contract>('action', ...)`), the class must implement the key's contract.
 * @param actionKey - the key: its name, or a typed key of the `action` domain
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @throws RegistrationError `invalidDomain` when given a typed key of another domain
 * @example
 * ```ts
 * @Action('example', 'default', 100)
 * class Example {}
 * ```
 * @category Decorators
 */
export function Action<T>(actionKey: ProviderKey<T>, provider: string, priorityOrOptions?: PriorityOrOptions): TypedClassDecorator<T>;
export function Action(actionKey: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator;
export function Action(actionKey: string | ProviderKey<unknown>, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return domainProvider('action', actionKey, provider, priorityOrOptions);
}
