/** `@Adapter`: declares a provider in the `adapter` domain. */
import { Provider, type PriorityOrOptions } from './provider.js';

/**
 * Declares the class as provider `provider` of an adapter category (`cache`, `database`) in the `adapter` domain.
 * @param category - the key
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @example
 * ```ts
 * @Adapter('example', 'default', 100)
 * class Example {}
 * ```
 */
export function Adapter(category: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return Provider('adapter', category, provider, priorityOrOptions);
}
