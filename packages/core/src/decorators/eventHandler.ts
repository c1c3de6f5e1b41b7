/** `@EventHandler`: declares a provider in the `event` domain. */
import type { ProviderKey } from '../keys/providerKey.js';
import { domainProvider, type PriorityOrOptions, type TypedClassDecorator } from './provider.js';

/**
 * Declares the class as provider `provider` of an event key (`user.created`) in the `event` domain. Given a typed key
 * (`defineKey<Contract>('event', ...)`), the class must implement the key's contract.
 * @param eventName - the key: its name, or a typed key of the `event` domain
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @throws RegistrationError `invalidDomain` when given a typed key of another domain
 * @example
 * ```ts
 * @EventHandler('example', 'default', 100)
 * class Example {}
 * ```
 * @category Decorators
 */
export function EventHandler<T>(eventName: ProviderKey<T>, provider: string, priorityOrOptions?: PriorityOrOptions): TypedClassDecorator<T>;
export function EventHandler(eventName: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator;
export function EventHandler(eventName: string | ProviderKey<unknown>, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return domainProvider('event', eventName, provider, priorityOrOptions);
}
