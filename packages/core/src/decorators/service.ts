/** `@Service`: declares a provider in the `service` domain. */
import type { ProviderKey } from '../keys/providerKey.js';
import { domainProvider, type PriorityOrOptions, type TypedClassDecorator } from './provider.js';

/**
 * Declares the class as provider `provider` of a service id (`checkout`) in the `service` domain. Given a typed key
 * (`defineKey<Contract>('service', ...)`), the class must implement the key's contract.
 * @param serviceId - the key: its name, or a typed key of the `service` domain
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @throws RegistrationError `invalidDomain` when given a typed key of another domain
 * @example
 * ```ts
 * @Service('example', 'default', 100)
 * class Example {}
 * ```
 * @category Decorators
 */
export function Service<T>(serviceId: ProviderKey<T>, provider: string, priorityOrOptions?: PriorityOrOptions): TypedClassDecorator<T>;
export function Service(serviceId: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator;
export function Service(serviceId: string | ProviderKey<unknown>, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return domainProvider('service', serviceId, provider, priorityOrOptions);
}
