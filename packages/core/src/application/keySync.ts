/** Brings keys in line with their winners: dirty-key tracking, `sync()` and breaker fail-over. */
import { LifecycleError } from '../errors/lifecycleError.js';
import type { LifecycleManager, SwapResult } from '../lifecycle/lifecycleManager.js';
import type { OneiricLogger } from '../logging/createLogger.js';
import { DOMAINS, type Domain } from '../models/domain.js';
import type { BreakerStateChange, CircuitBreakers } from '../resiliency/circuitBreakers.js';
import { keyId } from '../services/candidateRegistry.js';
import type { Resolver } from '../services/resolver.js';
import { messageOf } from '../errors/messageOf.js';

/** The parts of the application a {@link KeySync} works with. */
export interface KeySyncParts {
  readonly resolver: Resolver;
  readonly lifecycle: LifecycleManager;
  readonly breakers: CircuitBreakers;
  readonly logger: OneiricLogger;
  /** Takes a key out of service (the application's, so it can report the deactivation). */
  readonly deactivate: (domain: Domain, key: string) => Promise<void>;
}

/**
 * Tracks which keys are out of line with their precedence winner (a registration, an
 * unregistration, a selection or a health change made them dirty) and swaps them on `sync()`;
 * reacts to circuit breaker changes by failing over and back.
 */
export class KeySync {
  readonly #resolver: Resolver;
  readonly #lifecycle: LifecycleManager;
  readonly #breakers: CircuitBreakers;
  readonly #logger: OneiricLogger;
  readonly #deactivate: (domain: Domain, key: string) => Promise<void>;
  readonly #dirtyKeys = new Map<string, { domain: Domain; key: string }>();
  #started = false;

  public constructor(parts: KeySyncParts) {
    this.#resolver = parts.resolver;
    this.#lifecycle = parts.lifecycle;
    this.#breakers = parts.breakers;
    this.#logger = parts.logger;
    this.#deactivate = parts.deactivate;
  }

  /** Records that a key's winner may have changed. */
  public markDirty(domain: Domain, key: string): void {
    this.#dirtyKeys.set(keyId(domain, key), { domain, key });
  }

  /** Forgets a key's dirtiness (its swap is being run by the caller). */
  public markClean(domain: Domain, key: string): void {
    this.#dirtyKeys.delete(keyId(domain, key));
  }

  /** From now on `sync()` activates; before, nothing is live and dirty keys wait. */
  public markStarted(): void {
    this.#started = true;
  }

  /**
   * Swaps every key whose winner changed since the last sync (registration, unregistration,
   * selection), domain by domain in activation order; a key left without candidates is
   * deactivated. A key whose swap fails keeps its old instance and is tried again by the next
   * sync.
   * @throws LifecycleError of the first key that failed, after every key was attempted
   */
  public async sync(): Promise<void> {
    if (!this.#started) {
      // Before start() nothing is live; start() activates every key that is dirty by then.
      return;
    }
    const keys = [...this.#dirtyKeys.values()];
    this.#dirtyKeys.clear();
    const failures: unknown[] = [];
    for (const domain of DOMAINS) {
      const ofDomain = keys.filter((entry) => entry.domain === domain);
      const results = await Promise.allSettled(ofDomain.map(({ key }) => this.#syncKey(domain, key)));
      results.forEach((result, index) => {
        if (result.status === 'rejected') {
          failures.push(result.reason);
          // Still out of line with its winner: the next sync tries again.
          const entry = ofDomain[index]!;
          this.#dirtyKeys.set(keyId(entry.domain, entry.key), entry);
        }
      });
    }
    if (failures.length > 0) {
      throw failures[0];
    }
  }

  // Open: the provider is unhealthy, fail over. Half-open: try to fail back; the activation's
  // health check is the trial. Close: healthy again.
  /** Reacts to a breaker state change: fail over on open, try to fail back on half-open. */
  public async onBreakerChange(change: BreakerStateChange): Promise<void> {
    const { domain, key, provider, state } = change;
    const context = { domain, key, provider };
    if (state === 'open') {
      this.#resolver.setHealth(domain, key, provider, false, `circuit open since ${new Date().toISOString()}`);
      const winner = this.#resolver.resolve(domain, key);
      this.#logger.warn('circuit opened', { ...context, failoverTo: winner?.provider === provider ? null : winner?.provider ?? null });
    } else if (state === 'halfOpen') {
      this.#resolver.setHealth(domain, key, provider, true);
      if (this.#resolver.resolve(domain, key)?.provider === provider && this.#lifecycle.activeCandidate(domain, key)?.provider !== provider) {
        this.#logger.info('circuit half-open; failing back', context);
      }
    } else {
      this.#resolver.setHealth(domain, key, provider, true);
      this.#logger.info('circuit closed', context);
    }
    if (!this.#started) {
      return;
    }
    // Only this key: another key's failure must not be taken for this key's fail-back failing.
    this.markClean(domain, key);
    let result: SwapResult | undefined;
    try {
      result = await this.#syncKey(domain, key);
    } catch (error) {
      if (state === 'halfOpen') {
        // The fail-back's health check failed: stay on the fallback and restart the open window.
        this.#resolver.setHealth(domain, key, provider, false, `fail-back failed: ${messageOf(error)}`);
        this.#breakers.breakerFor(domain, key, provider)?.open();
        this.markClean(domain, key);
      }
      throw error;
    }
    if (state === 'halfOpen' && result?.changed === true && result.provider === provider) {
      // Failed back onto a fresh instance that passed its health check: the circuit is closed.
      // Without such a swap the breaker stays half-open and the next real call is its trial.
      this.#breakers.breakerFor(domain, key, provider)?.close();
    }
  }

  // The swap is queued behind any swap of the key already running and decides when it runs, so
  // a winner that changed meanwhile (a failover still in init) is never missed.
  async #syncKey(domain: Domain, key: string): Promise<SwapResult | undefined> {
    const winner = this.#resolver.resolve(domain, key);
    if (winner === undefined) {
      if (this.#lifecycle.activeCandidate(domain, key) !== undefined) {
        await this.#deactivate(domain, key);
      }
      return undefined;
    }
    try {
      const result = await this.#lifecycle.swap(domain, key, { onlyIfChanged: true });
      if (this.#resolver.resolve(domain, key) !== this.#lifecycle.activeCandidate(domain, key)) {
        // The winner moved while this swap ran: the next sync brings the key in line.
        this.#dirtyKeys.set(keyId(domain, key), { domain, key });
      }
      return result;
    } catch (error) {
      if (error instanceof LifecycleError) {
        this.#logger.warn('sync could not activate the new winner', { domain, key, provider: winner.provider, error: error.message });
      }
      throw error;
    }
  }
}
