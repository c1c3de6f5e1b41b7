/** Turns what the application's parts report (swaps, breaker changes, key changes) into application events. */
import type { LifecycleManager } from '../lifecycle/lifecycleManager.js';
import type { OneiricLogger } from '../logging/createLogger.js';
import type { CircuitBreakers } from '../resiliency/circuitBreakers.js';
import type { Resolver } from '../services/resolver.js';
import type { KeySync } from './keySync.js';
import type { OneiricEvents } from './oneiricEvents.js';

/** The parts of an application whose reports become events. */
export interface ApplicationParts {
  readonly events: OneiricEvents;
  readonly breakers: CircuitBreakers;
  readonly lifecycle: LifecycleManager;
  readonly resolver: Resolver;
  readonly keySync: KeySync;
  readonly logger: OneiricLogger;
}

/**
 * Subscribes the application's events to its parts: swaps settle into `swapped`/`swapFailed`,
 * breaker changes into `breaker*` (and a failover or failback through the key sync), registry
 * and selection changes into `keyChanged` (and a dirty key for the next sync).
 */
export function wireApplicationEvents(parts: ApplicationParts): void {
  const { events, breakers, lifecycle, resolver, keySync, logger } = parts;
  breakers.onStateChange((change) => {
    const event = change.state === 'open' ? 'breakerOpened' : change.state === 'halfOpen' ? 'breakerHalfOpened' : 'breakerClosed';
    events.emit(event, { domain: change.domain, key: change.key, provider: change.provider });
    keySync.onBreakerChange(change).catch((error: unknown) => {
      logger.error('circuit breaker reaction failed', { domain: change.domain, key: change.key, provider: change.provider, error: String(error) });
    });
  });
  lifecycle.onSwapSettled((outcome) => {
    if (outcome.ok) {
      events.emit('swapped', outcome.result);
    } else {
      events.emit('swapFailed', { domain: outcome.domain, key: outcome.key, provider: outcome.provider, error: outcome.error });
    }
  });
  resolver.onKeyChanged((domain, key) => {
    keySync.markDirty(domain, key);
    events.emit('keyChanged', { domain, key });
  });
}
