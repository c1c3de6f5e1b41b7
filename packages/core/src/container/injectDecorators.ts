/** Parameter and property decorators that inject a key's live reference. */
import { inject } from 'inversify';
import type { Domain } from '../models/domain.js';
import type { ProviderKey } from '../keys/providerKey.js';
import { domainToken } from './domainToken.js';

/**
 * The decorator type Inversify's `inject` returns: usable on constructor parameters and properties.
 * @category Keys
 */
export type InjectDecorator = ReturnType<typeof inject>;

/**
 * Injects the live reference of `domain`/`key`: it always reaches the key's current winner.
 * @category Keys
 */
export function InjectKey(domain: Domain, key: string): InjectDecorator {
  return inject(domainToken(domain, key));
}

/**
 * Injects the winner of an adapter category.
 * @example
 * ```ts
 * class Checkout { constructor(@InjectAdapter('cache') private readonly cache: Cache) {} }
 * ```
 * @category Keys
 */
export function InjectAdapter(category: string): InjectDecorator {
  return InjectKey('adapter', category);
}

/**
 * Injects the winner of a service id.
 * @category Keys
 */
export function InjectService(serviceId: string): InjectDecorator {
  return InjectKey('service', serviceId);
}

/**
 * Injects the winner of a task type.
 * @category Keys
 */
export function InjectTask(taskType: string): InjectDecorator {
  return InjectKey('task', taskType);
}

/**
 * Injects the winner of an event key.
 * @category Keys
 */
export function InjectEventHandler(eventName: string): InjectDecorator {
  return InjectKey('event', eventName);
}

/**
 * Injects the winner of a workflow id.
 * @category Keys
 */
export function InjectWorkflow(workflowId: string): InjectDecorator {
  return InjectKey('workflow', workflowId);
}

/**
 * Injects the winner of an action key.
 * @category Keys
 */
export function InjectAction(actionKey: string): InjectDecorator {
  return InjectKey('action', actionKey);
}

/**
 * Injects the live reference of a typed key (the key is also a decorator itself:
 * `@cacheKey` and `@Inject(cacheKey)` are the same).
 * @example
 * ```ts
 * const cacheKey = defineKey<Cache>('adapter', 'cache');
 * class Checkout { constructor(@Inject(cacheKey) private readonly cache: Cache) {} }
 * ```
 * @category Decorators
 */
export function Inject(key: ProviderKey<unknown>): InjectDecorator {
  return inject(key.token);
}
