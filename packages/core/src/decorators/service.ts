/** `@Service`: declares a provider in the `service` domain. */
import { Provider, type PriorityOrOptions } from './provider.js';

/**
 * Declares the class as provider `provider` of a service id (`checkout`) in the `service` domain.
 * @param serviceId - the key
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @example
 * ```ts
 * @Service('example', 'default', 100)
 * class Example {}
 * ```
 */
export function Service(serviceId: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return Provider('service', serviceId, provider, priorityOrOptions);
}
