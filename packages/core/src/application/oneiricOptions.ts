/** Options and small types of the {@link Oneiric} application. */
import type { Container } from 'inversify';
import type { ProviderSettingsSource } from '../lifecycle/swapTypes.js';
import type { LifecycleTimeouts } from '../lifecycle/lifecycleTimeouts.js';
import type { OneiricLogger } from '../logging/createLogger.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { Domain } from '../models/domain.js';
import type { ProviderClass } from '../models/providerFactory.js';
import type { CircuitBreakerOptions } from '../resiliency/circuitBreakerOptions.js';

/** The state of a provider's circuit breaker. @category Application */
export type BreakerState = 'closed' | 'open' | 'halfOpen';

/**
 * Something that can be registered: a decorated class or an explicit candidate input.
 * @category Application
 */
export type Registrable = ProviderClass | CandidateInput;

/**
 * Per-domain selections, as configuration supplies them (`{ adapter: { cache: 'memory' } }`).
 * @category Application
 */
export type SelectionsByDomain = Partial<Record<Domain, Readonly<Record<string, string>>>>;

/**
 * Options of {@link Oneiric}.
 * @category Application
 */
export interface OneiricOptions {
  /** The application's own container; a new one when absent. */
  readonly container?: Container;
  /** Logger; silent when absent. */
  readonly logger?: OneiricLogger;
  /** Initial selections per domain (tier 1 of precedence). */
  readonly selections?: SelectionsByDomain;
  /** Time limits of lifecycle steps. */
  readonly timeouts?: Partial<LifecycleTimeouts>;
  /** Directory where key statuses are persisted; in memory only when absent. */
  readonly cacheDir?: string;
  /** Where each provider's plain settings come from (validated against its settings class). */
  readonly providerSettings?: ProviderSettingsSource;
  /**
   * Circuit breaking of calls through live references: `guarded` picks the keys (e.g.
   * `(domain) => domain === 'adapter'`), `options` tunes the breakers. While a provider's
   * circuit is open it counts as unhealthy and its key fails over to the next healthy
   * candidate; when the circuit half-opens the key fails back if the provider's health check
   * passes.
   */
  readonly circuitBreaker?: {
    readonly guarded: (domain: Domain, key: string) => boolean;
    readonly options?: Partial<CircuitBreakerOptions>;
  };
}

