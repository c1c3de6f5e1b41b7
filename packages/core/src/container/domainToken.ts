/** The Inversify service identifiers of keys: one place creates a key's token. */
import type { Domain } from '../models/domain.js';

/**
 * The token under which a key's live reference is bound. The same domain and key always give
 * the same symbol (it is registered with `Symbol.for`), so separately built modules agree.
 * @category Keys
 */
export function domainToken(domain: Domain, key: string): symbol {
  return Symbol.for(`oneiric:${domain}:${key}`);
}

/**
 * The token under which the key's current instance itself (not a live reference) is bound; it is
 * rebound at every swap, so a `container.get` made after a swap returns the new instance, while
 * whoever already holds an instance keeps the old one. Inject {@link domainToken} instead to
 * follow swaps.
 * @category Keys
 */
export function instanceToken(domain: Domain, key: string): symbol {
  return Symbol.for(`oneiric:instance:${domain}:${key}`);
}

/**
 * Token of an adapter category (`adapterToken('cache')`).
 * @category Keys
 */
export function adapterToken(category: string): symbol {
  return domainToken('adapter', category);
}

/**
 * Token of a service id.
 * @category Keys
 */
export function serviceToken(serviceId: string): symbol {
  return domainToken('service', serviceId);
}

/**
 * Token of a task type.
 * @category Keys
 */
export function taskToken(taskType: string): symbol {
  return domainToken('task', taskType);
}

/**
 * Token of an event key.
 * @category Keys
 */
export function eventToken(eventName: string): symbol {
  return domainToken('event', eventName);
}

/**
 * Token of a workflow id.
 * @category Keys
 */
export function workflowToken(workflowId: string): symbol {
  return domainToken('workflow', workflowId);
}

/**
 * Token of an action key.
 * @category Keys
 */
export function actionToken(actionKey: string): symbol {
  return domainToken('action', actionKey);
}
