/** The token a provider's validated settings are injected under while it is built. */
import { inject } from 'inversify';
import type { InjectDecorator } from './injectDecorators.js';

/**
 * Service identifier of the validated settings of the provider being built. Read it while the
 * instance is built (constructor or property injection, or `context.get` inside a function
 * factory): the container that provides it is reused for the provider's next build, so a
 * resolution context kept and asked later may answer with a later build's settings. `init(settings)`
 * receives them too.
 * @category Keys
 */
export const PROVIDER_SETTINGS = Symbol.for('oneiric:provider-settings');

/**
 * Injects the provider's own validated settings (an instance of the class given as `settings`
 * in its decorator). The same object is also passed to `init(settings)`.
 * @example
 * ```ts
 * @Adapter('cache', 'redis', { settings: RedisSettings })
 * class RedisCache { constructor(@InjectSettings() private readonly settings: RedisSettings) {} }
 * ```
 * @category Keys
 */
export function InjectSettings(): InjectDecorator {
  return inject(PROVIDER_SETTINGS);
}
