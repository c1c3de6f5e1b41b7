/** `@Workflow`: declares a provider in the `workflow` domain. */
import { Provider, type PriorityOrOptions } from './provider.js';

/**
 * Declares the class as provider `provider` of a workflow id (`onboarding`) in the `workflow` domain.
 * @param workflowId - the key
 * @param provider - this implementation's name
 * @param priorityOrOptions - a priority, or priority, stack level, capabilities, settings class, description
 * @example
 * ```ts
 * @Workflow('example', 'default', 100)
 * class Example {}
 * ```
 */
export function Workflow(workflowId: string, provider: string, priorityOrOptions?: PriorityOrOptions): ClassDecorator {
  return Provider('workflow', workflowId, provider, priorityOrOptions);
}
