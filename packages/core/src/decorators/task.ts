/** `@Task`: declares a provider in the `task` domain. */
import { Provider, type PriorityOrOptions } from './provider.js';

/**
 * Declares the class as provider `provider` of a task type (`send-invoice`) in the `task` domain.
 * @param taskType - the key
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @example
 * ```ts
 * @Task('example', 'default', 100)
 * class Example {}
 * ```
 */
export function Task(taskType: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return Provider('task', taskType, provider, priorityOrOptions);
}
