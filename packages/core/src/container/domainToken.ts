/** The Inversify service identifiers of keys: one place creates a key's token. */
import type { Domain } from '../models/domain.js';

/**
 * The token under which a key's live reference is bound. The same domain and key always give
 * the same symbol (it is registered with `Symbol.for`), so separately built modules agree.
 */
export function domainToken(domain: Domain, key: string): symbol {
  return Symbol.for(`oneiric:${domain}:${key}`);
}

/** Token of an adapter category (`adapterToken('cache')`). */
export function adapterToken(category: string): symbol {
  return domainToken('adapter', category);
}

/** Token of a service id. */
export function serviceToken(serviceId: string): symbol {
  return domainToken('service', serviceId);
}

/** Token of a task type. */
export function taskToken(taskType: string): symbol {
  return domainToken('task', taskType);
}

/** Token of an event key. */
export function eventToken(eventName: string): symbol {
  return domainToken('event', eventName);
}

/** Token of a workflow id. */
export function workflowToken(workflowId: string): symbol {
  return domainToken('workflow', workflowId);
}

/** Token of an action key. */
export function actionToken(actionKey: string): symbol {
  return domainToken('action', actionKey);
}
