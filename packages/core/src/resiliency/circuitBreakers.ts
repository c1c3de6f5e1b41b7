/** One opossum circuit breaker per domain/key/provider, reporting state changes to a listener. */
import CircuitBreaker from 'opossum';
import { ResiliencyError, ResiliencyErrorKind } from '../errors/resiliencyError.js';
import type { CallGuard } from '../models/activeInstance.js';
import type { Domain } from '../models/domain.js';
import { DEFAULT_CIRCUIT_BREAKER_OPTIONS, type CircuitBreakerOptions } from './circuitBreakerOptions.js';

/** A breaker state change: `open` (failing fast), `halfOpen` (trial allowed), `close` (healthy). */
export interface BreakerStateChange {
  /** Domain of the guarded key. */
  readonly domain: Domain;
  /** Guarded key. */
  readonly key: string;
  /** Guarded provider. */
  readonly provider: string;
  /** The new state. */
  readonly state: 'open' | 'halfOpen' | 'close';
}

/** The action every breaker runs: it settles the promise of a call already made. */
type SettleCall = (call: Promise<unknown>) => Promise<unknown>;

/** A guard around one provider's calls. */
export type ProviderBreaker = CircuitBreaker<[Promise<unknown>], unknown>;

/**
 * Creates and keeps the breakers. Which keys are guarded is decided by `isGuarded`; options can
 * differ per key through `optionsFor`.
 */
export class CircuitBreakers {
  readonly #breakers = new Map<string, ProviderBreaker>();
  readonly #listeners = new Set<(change: BreakerStateChange) => void>();
  /** Breakers that put a time limit on calls (`callTimeoutMs` > 0). */
  readonly #timed = new WeakSet<ProviderBreaker>();

  /**
   * @param isGuarded - whether calls of a key go through a breaker
   * @param optionsFor - breaker options of a key (defaults when absent)
   */
  public constructor(
    private readonly isGuarded: (domain: Domain, key: string) => boolean,
    private readonly optionsFor: (domain: Domain, key: string) => Partial<CircuitBreakerOptions> = () => ({}),
  ) {}

  /** The breaker of a provider, created on first use; undefined when its key is not guarded. */
  public breakerFor(domain: Domain, key: string, provider: string): ProviderBreaker | undefined {
    if (!this.isGuarded(domain, key)) {
      return undefined;
    }
    const id = `${domain}\u0000${key}\u0000${provider}`;
    let breaker = this.#breakers.get(id);
    if (breaker === undefined) {
      const options = { ...DEFAULT_CIRCUIT_BREAKER_OPTIONS, ...this.optionsFor(domain, key) };
      const settle: SettleCall = (call) => call;
      breaker = new CircuitBreaker(settle, {
        name: `${domain}:${key}:${provider}`,
        timeout: options.callTimeoutMs > 0 ? options.callTimeoutMs : false,
        errorThresholdPercentage: options.errorThresholdPercentage,
        volumeThreshold: options.volumeThreshold,
        rollingCountTimeout: options.rollingCountTimeoutMs,
        resetTimeout: options.resetTimeoutMs,
        // Opossum re-sorts every latency in the window on each failure when percentiles are on:
        // under load that made a failing call cost ~150 µs and delayed opening by seconds.
        rollingPercentilesEnabled: false,
      });
      if (options.callTimeoutMs > 0) {
        this.#timed.add(breaker);
      }
      breaker.on('open', () => this.#emit({ domain, key, provider, state: 'open' }));
      breaker.on('halfOpen', () => this.#emit({ domain, key, provider, state: 'halfOpen' }));
      breaker.on('close', () => this.#emit({ domain, key, provider, state: 'close' }));
      this.#breakers.set(id, breaker);
    }
    return breaker;
  }

  /**
   * Calls and failures (errors and timeouts) of a provider's breaker over its rolling window
   * (`rollingCountTimeoutMs`, 10 s by default); undefined when no breaker guards it yet.
   */
  public callStats(domain: Domain, key: string, provider: string): { readonly calls: number; readonly failures: number } | undefined {
    const stats = this.#breakers.get(`${domain}\u0000${key}\u0000${provider}`)?.stats;
    return stats === undefined ? undefined : { calls: stats.fires, failures: stats.failures + stats.timeouts };
  }

  /**
   * A call guard over the provider's breaker: refuses calls while the circuit is open (with a
   * {@link ResiliencyError} `circuitOpen`), counts each call's outcome, and turns the breaker's
   * call timeout into `callTimeout`. Undefined when the key is not guarded.
   */
  public guardFor(domain: Domain, key: string, provider: string): CallGuard | undefined {
    const breaker = this.breakerFor(domain, key, provider);
    if (breaker === undefined) {
      return undefined;
    }
    const context = { domain, key, provider };
    const label = `${domain}:${key} (${provider})`;
    // Created once per guard, not per call: settle runs on every call through the reference.
    const translate = (error: unknown): never => {
      const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
      // Only the breaker's own timer error: a provider's `connect ETIMEDOUT` has the same code
      // and must reach the caller as it is.
      if (code === 'ETIMEDOUT' && typeof message === 'string' && message.startsWith('Timed out after ')) {
        throw new ResiliencyError(ResiliencyErrorKind.callTimeout, `${label}: call timed out`, context, error);
      }
      if (code === 'EOPENBREAKER') {
        throw new ResiliencyError(ResiliencyErrorKind.circuitOpen, `${label}: circuit open, call refused`, context, error);
      }
      throw error;
    };
    return {
      refusal: () => (breaker.closed || breaker.pendingClose
        ? undefined
        : new ResiliencyError(ResiliencyErrorKind.circuitOpen, `${label}: circuit open, call refused`, context)),
      // `call(undefined, …)` is `fire(…)` without its extra rest-argument copy (the action ignores `this`).
      // While the circuit is closed and calls have no time limit, the breaker can only settle
      // as the call itself did (no timeout, no refusal, no semaphore: capacity is unbounded, no
      // fallback), so its promise is returned as it is: one promise and one microtask less per
      // call. Otherwise (timed calls, half-open, shut down) its own errors are translated.
      settle: this.#timed.has(breaker)
        ? (call) => breaker.call(undefined, call).catch(translate)
        : (call) => (breaker.closed ? breaker.call(undefined, call) : breaker.call(undefined, call).catch(translate)),
    };
  }

  /** Subscribes to state changes; returns the function that unsubscribes. */
  public onStateChange(listener: (change: BreakerStateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops every breaker's timers (on application close). */
  public shutdown(): void {
    for (const breaker of this.#breakers.values()) {
      breaker.shutdown();
    }
    this.#breakers.clear();
  }

  #emit(change: BreakerStateChange): void {
    for (const listener of this.#listeners) {
      listener(change);
    }
  }
}
