/** `@Workflow`: declares a provider in the `workflow` domain. */
import type { ProviderKey } from '../keys/providerKey.js';
import { domainProvider, type PriorityOrOptions, type TypedClassDecorator } from './provider.js';

/**
 * Declares the class as provider `provider` of a workflow id in the `workflow` domain. Given a typed key
 * (`defineKey<Contract>('workflow', ...)`), the class must implement the key's contract.
 * @param workflowId - the key: its name, or a typed key of the `workflow` domain
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @throws RegistrationError `invalidDomain` when given a typed key of another domain
 * @example
 * ```ts
 * @Workflow('example', 'default', 100)
 * class Example {}
 * ```
 * @category Decorators
 */
export function Workflow<T>(workflowId: ProviderKey<T>, provider: string, priorityOrOptions?: PriorityOrOptions): TypedClassDecorator<T>;
export function Workflow(workflowId: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator;
export function Workflow(workflowId: string | ProviderKey<unknown>, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return domainProvider('workflow', workflowId, provider, priorityOrOptions);
}
