/** `@EventHandler`: declares a provider in the `event` domain. */
import { Provider, type PriorityOrOptions } from './provider.js';

/**
 * Declares the class as provider `provider` of an event key (`user.created`) in the `event` domain.
 * @param eventName - the key
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @example
 * ```ts
 * @EventHandler('example', 'default', 100)
 * class Example {}
 * ```
 */
export function EventHandler(eventName: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return Provider('event', eventName, provider, priorityOrOptions);
}
