/** `@Action`: declares a provider in the `action` domain. */
import { Provider, type PriorityOrOptions } from './provider.js';

/**
 * Declares the class as provider `provider` of an action key (`compress`) in the `action` domain.
 * @param actionKey - the key
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @example
 * ```ts
 * @Action('example', 'default', 100)
 * class Example {}
 * ```
 */
export function Action(actionKey: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return Provider('action', actionKey, provider, priorityOrOptions);
}
