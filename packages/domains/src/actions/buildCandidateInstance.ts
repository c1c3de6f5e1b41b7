/** Builds an instance of a candidate outside the key's live slot (for fan-out handlers). */
import { internalsOf } from '@oneiric/core/internal';
import { PROVIDER_SETTINGS, type Candidate, type Oneiric } from '@oneiric/core';
import type { Container } from 'inversify';

/**
 * Builds `candidate` through a child of the application's container, so its `@inject`
 * dependencies resolve as they would for the key's winner, and awaits its `init()`.
 * Provider settings are not looked up here: fan-out handlers get `{}`.
 */
export async function buildCandidateInstance(app: Oneiric, candidate: Candidate): Promise<object> {
  // The container's own class builds the child, so this package needs no direct dependency on inversify.
  const ContainerClass = internalsOf(app).container.constructor as new (options: { parent: Container }) => Container;
  const child = new ContainerClass({ parent: internalsOf(app).container });
  child.bind(PROVIDER_SETTINGS).toConstantValue({});
  const token = Symbol(`oneiric-fanout:${candidate.domain}:${candidate.key}:${candidate.provider}`);
  const factory = candidate.factory;
  if (factory.kind === 'class') {
    child.bind(token).to(factory.target as new () => object).inTransientScope();
  } else {
    child.bind(token).toDynamicValue(factory.build).inTransientScope();
  }
  const instance = await child.getAsync<object>(token);
  const init = (instance as { init?: unknown }).init;
  if (typeof init === 'function') {
    await (init as () => unknown).call(instance);
  }
  return instance;
}
