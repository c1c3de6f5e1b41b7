/** `@Task`: declares a provider in the `task` domain. */
import type { ProviderKey } from '../keys/providerKey.js';
import { domainProvider, type PriorityOrOptions, type TypedClassDecorator } from './provider.js';

/**
 * Declares the class as provider `provider` of a task type in the `task` domain. Given a typed key
 * (`defineKey<Contract>('task', ...)`), the class must implement the key's contract.
 * @param taskType - the key: its name, or a typed key of the `task` domain
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @throws RegistrationError `invalidDomain` when given a typed key of another domain
 * @example
 * ```ts
 * @Task('example', 'default', 100)
 * class Example {}
 * ```
 * @category Decorators
 */
export function Task<T>(taskType: ProviderKey<T>, provider: string, priorityOrOptions?: PriorityOrOptions): TypedClassDecorator<T>;
export function Task(taskType: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator;
export function Task(taskType: string | ProviderKey<unknown>, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return domainProvider('task', taskType, provider, priorityOrOptions);
}
