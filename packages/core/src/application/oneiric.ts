/** The application object: registry, resolver, lifecycle and container binding in one place. */
import { Container } from 'inversify';
import { candidateInputFromClass } from '../decorators/candidateInputFromClass.js';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { LifecycleManager, type CloseOptions, type ProviderSettingsSource, type SwapOptions, type SwapResult } from '../lifecycle/lifecycleManager.js';
import type { LifecycleTimeouts } from '../lifecycle/lifecycleTimeouts.js';
import { StatusStore } from '../lifecycle/statusStore.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { Candidate } from '../models/candidate.js';
import type { CandidateInput } from '../models/candidateInput.js';
import type { CandidateSource } from '../models/candidateSource.js';
import { DOMAINS, type Domain } from '../models/domain.js';
import type { Explanation } from '../models/explanation.js';
import type { KeyStatus } from '../models/keyStatus.js';
import type { SwapHook } from '../models/providerHooks.js';
import type { ProviderClass } from '../models/providerFactory.js';
import type { ResolveRequest } from '../models/resolveRequest.js';
import type { CircuitBreakerOptions } from '../resiliency/circuitBreakerOptions.js';
import { CircuitBreakers, type BreakerStateChange } from '../resiliency/circuitBreakers.js';
import { keyId } from '../services/candidateRegistry.js';
import { Resolver, type RegisterPackageOptions } from '../services/resolver.js';

/** Something that can be registered: a decorated class or an explicit candidate input. */
export type Registrable = ProviderClass | CandidateInput;

/** Per-domain selections, as configuration supplies them (`{ adapter: { cache: 'memory' } }`). */
export type SelectionsByDomain = Partial<Record<Domain, Readonly<Record<string, string>>>>;

/** Options of {@link Oneiric}. */
export interface OneiricOptions {
  /** The application's own container; a new one when absent. */
  readonly container?: Container;
  /** Logger; silent when absent. */
  readonly logger?: OneiricLogger;
  /** Resolver to use (shares its registry); a new one when absent. */
  readonly resolver?: Resolver;
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

/**
 * Registers providers, resolves keys by precedence, activates winners and swaps them at run
 * time. Registration is synchronous and only records metadata; `start()` activates every key's
 * winner (adapters first); `sync()` swaps the keys whose winner changed since; `select()` and
 * `swap()` change one key. What `use()` returns and `@InjectAdapter` injects is a live
 * reference that follows every swap.
 * @example
 * ```ts
 * const app = new Oneiric();
 * app.register(RedisCache, MemoryCache, Checkout);
 * await app.start();
 * const checkout = app.use<Checkout>('service', 'checkout');
 * await app.select('adapter', 'cache', 'memory'); // checkout now reaches MemoryCache
 * await app.close();
 * ```
 */
export class Oneiric {
  /** The Inversify container live references are bound in. */
  public readonly container: Container;
  /** The resolver (and through it the registry). */
  public readonly resolver: Resolver;
  /** The lifecycle manager: swaps, statuses, hooks. */
  public readonly lifecycle: LifecycleManager;
  /** The logger. */
  public readonly logger: OneiricLogger;
  /** Circuit breakers of guarded keys (none guarded unless `circuitBreaker` was given). */
  public readonly breakers: CircuitBreakers;
  readonly #dirtyKeys = new Map<string, { domain: Domain; key: string }>();
  #started = false;

  public constructor(options: OneiricOptions = {}) {
    this.container = options.container ?? new Container();
    this.logger = options.logger ?? createSilentLogger();
    this.resolver = options.resolver ?? new Resolver({ logger: this.logger });
    const breakerSettings = options.circuitBreaker;
    this.breakers = new CircuitBreakers(breakerSettings?.guarded ?? (() => false), () => breakerSettings?.options ?? {});
    this.breakers.onStateChange((change) => {
      this.#onBreakerChange(change).catch((error: unknown) => {
        this.logger.error('circuit breaker reaction failed', { domain: change.domain, key: change.key, provider: change.provider, error: String(error) });
      });
    });
    this.lifecycle = new LifecycleManager({
      guardFor: (candidate) => this.breakers.guardFor(candidate.domain, candidate.key, candidate.provider),
      container: this.container,
      resolver: this.resolver,
      logger: this.logger,
      statusStore: new StatusStore(options.cacheDir, this.logger),
      ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      ...(options.providerSettings === undefined ? {} : { providerSettings: options.providerSettings }),
    });
    this.resolver.onKeyChanged((domain, key) => this.#dirtyKeys.set(keyId(domain, key), { domain, key }));
    for (const domain of DOMAINS) {
      const selections = options.selections?.[domain];
      if (selections !== undefined) {
        this.resolver.setSelections(domain, selections);
      }
    }
  }

  /**
   * Registers decorated classes or candidate inputs, all or nothing: every entry is validated
   * before any is stored. After `start()`, call `sync()` to activate new winners.
   * @throws RegistrationError naming the class with bad or missing metadata
   */
  public register(...entries: Registrable[]): Candidate[] {
    return this.resolver.registerAll(entries.map((entry) => toInput(entry)));
  }

  /**
   * Registers a package's providers; those without their own priority get the package's
   * (the `priority` option, else its `ONEIRIC_STACK_ORDER` entry, else 0).
   */
  public registerPackage(packageName: string, entries: readonly Registrable[], options: RegisterPackageOptions = {}): Candidate[] {
    return this.resolver.registerPackage(packageName, entries.map((entry) => toInput(entry, 'package')), options);
  }

  /** Unregisters a provider of a key (from one source, or all); `sync()` then swaps away from it. */
  public unregister(domain: Domain, key: string, provider: string, source?: CandidateSource): Candidate[] {
    return this.resolver.unregister(domain, key, provider, source);
  }

  /**
   * Loads persisted statuses and activates the winner of every registered key, adapters first,
   * then services, tasks, events, workflows, actions.
   * @throws LifecycleError of the first key that failed, after every key was attempted; the
   *   statuses of all failed keys say why
   */
  public async start(): Promise<void> {
    await this.lifecycle.statusStore.load();
    this.#started = true;
    await this.sync();
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

  /**
   * Sets (or with undefined clears) a key's selection and swaps the key to the new winner. On
   * failure the selection is put back, the old instance stays live, and the error is thrown.
   */
  public async select(domain: Domain, key: string, provider: string | undefined, options: Omit<SwapOptions, 'provider'> = {}): Promise<SwapResult> {
    if (provider !== undefined && this.resolver.resolve(domain, key, { provider }) === undefined) {
      // Checked first: a selection naming an unknown provider would silently fall through to precedence.
      throw new LifecycleError(LifecycleErrorKind.noCandidate, `No candidate registered for ${domain}:${key} with provider ${provider}`, { domain, key, provider });
    }
    const previousSelection = this.resolver.selection(domain, key);
    this.resolver.setSelection(domain, key, provider);
    this.#dirtyKeys.delete(keyId(domain, key));
    try {
      return await this.lifecycle.swap(domain, key, provider === undefined ? options : { ...options, provider });
    } catch (error) {
      // Put the selection back only if no later select() changed it meanwhile.
      if (this.resolver.selection(domain, key) === provider) {
        this.resolver.setSelection(domain, key, previousSelection);
        this.#dirtyKeys.delete(keyId(domain, key));
      }
      throw error;
    }
  }

  /**
   * Swaps a key: to `provider` when given (which becomes the key's runtime selection, so
   * `explain` agrees with what is live), else to a fresh instance of the precedence winner.
   * `force` accepts an instance whose health check fails.
   * @throws LifecycleError when the swap failed; the old instance is still live
   */
  public swap(domain: Domain, key: string, options: SwapOptions = {}): Promise<SwapResult> {
    if (options.provider !== undefined) {
      return this.select(domain, key, options.provider, options.force === undefined ? {} : { force: options.force });
    }
    return this.lifecycle.swap(domain, key, options);
  }

  /** The winning candidate of a key; see {@link Resolver.resolve}. */
  public resolve(domain: Domain, key: string, request?: ResolveRequest): Candidate | undefined {
    return this.resolver.resolve(domain, key, request);
  }

  /** The ranking of a key with reasons; see {@link Resolver.explain}. */
  public explain(domain: Domain, key: string, request?: Omit<ResolveRequest, 'provider'>): Explanation {
    return this.resolver.explain(domain, key, request);
  }

  /**
   * The key's live reference: every access reaches the key's live instance, also after swaps.
   * It is what `@InjectAdapter(key)` and friends inject.
   */
  public use<T extends object>(domain: Domain, key: string): T {
    return this.lifecycle.liveReference<T>(domain, key);
  }

  /**
   * The key's live instance itself (not a live reference: it keeps pointing at this instance
   * after a swap), or undefined when none is live.
   */
  public current<T>(domain: Domain, key: string): T | undefined {
    return this.lifecycle.current<T>(domain, key);
  }

  /** The candidate of the key's live instance, if any. */
  public active(domain: Domain, key: string): Candidate | undefined {
    return this.lifecycle.activeCandidate(domain, key);
  }

  /** The key's lifecycle status. */
  public status(domain: Domain, key: string): KeyStatus {
    return this.lifecycle.status(domain, key);
  }

  /** Adds a hook run before each flip; a throw aborts that swap. */
  public onPreSwap(hook: SwapHook): void {
    this.lifecycle.onPreSwap(hook);
  }

  /** Adds a hook run after each flip; a throw is logged. */
  public onPostSwap(hook: SwapHook): void {
    this.lifecycle.onPostSwap(hook);
  }

  /** Drains and cleans every live instance in reverse activation order, once; safe to call twice. */
  public async close(options: CloseOptions = {}): Promise<void> {
    try {
      await this.lifecycle.close(options);
    } finally {
      this.breakers.shutdown();
    }
  }

  // Open: the provider is unhealthy, fail over. Half-open: try to fail back; the activation's
  // health check is the trial. Close: healthy again.
  async #onBreakerChange(change: BreakerStateChange): Promise<void> {
    const { domain, key, provider, state } = change;
    const context = { domain, key, provider };
    if (state === 'open') {
      this.resolver.setHealth(domain, key, provider, false, `circuit open since ${new Date().toISOString()}`);
      const winner = this.resolver.resolve(domain, key);
      this.logger.warn('circuit opened', { ...context, failoverTo: winner?.provider === provider ? null : winner?.provider ?? null });
    } else if (state === 'halfOpen') {
      this.resolver.setHealth(domain, key, provider, true);
      if (this.resolver.resolve(domain, key)?.provider === provider && this.lifecycle.activeCandidate(domain, key)?.provider !== provider) {
        this.logger.info('circuit half-open; failing back', context);
      }
    } else {
      this.resolver.setHealth(domain, key, provider, true);
      this.logger.info('circuit closed', context);
    }
    if (!this.#started) {
      return;
    }
    // Only this key: another key's failure must not be taken for this key's fail-back failing.
    this.#dirtyKeys.delete(keyId(domain, key));
    let result: SwapResult | undefined;
    try {
      result = await this.#syncKey(domain, key);
    } catch (error) {
      if (state === 'halfOpen') {
        // The fail-back's health check failed: stay on the fallback and restart the open window.
        this.resolver.setHealth(domain, key, provider, false, `fail-back failed: ${error instanceof Error ? error.message : String(error)}`);
        this.breakers.breakerFor(domain, key, provider)?.open();
        this.#dirtyKeys.delete(keyId(domain, key));
      }
      throw error;
    }
    if (state === 'halfOpen' && result?.changed === true && result.provider === provider) {
      // Failed back onto a fresh instance that passed its health check: the circuit is closed.
      // Without such a swap the breaker stays half-open and the next real call is its trial.
      this.breakers.breakerFor(domain, key, provider)?.close();
    }
  }

  // The swap is queued behind any swap of the key already running and decides when it runs, so
  // a winner that changed meanwhile (a failover still in init) is never missed.
  async #syncKey(domain: Domain, key: string): Promise<SwapResult | undefined> {
    const winner = this.resolver.resolve(domain, key);
    if (winner === undefined) {
      if (this.lifecycle.activeCandidate(domain, key) !== undefined) {
        await this.lifecycle.deactivate(domain, key);
      }
      return undefined;
    }
    try {
      const result = await this.lifecycle.swap(domain, key, { onlyIfChanged: true });
      if (this.resolver.resolve(domain, key) !== this.lifecycle.activeCandidate(domain, key)) {
        // The winner moved while this swap ran: the next sync brings the key in line.
        this.#dirtyKeys.set(keyId(domain, key), { domain, key });
      }
      return result;
    } catch (error) {
      if (error instanceof LifecycleError) {
        this.logger.warn('sync could not activate the new winner', { domain, key, provider: winner.provider, error: error.message });
      }
      throw error;
    }
  }
}

function toInput(entry: Registrable, source?: CandidateSource): CandidateInput {
  if (typeof entry === 'function') {
    return candidateInputFromClass(entry, source);
  }
  return source === undefined || entry.source !== undefined ? entry : { ...entry, source };
}
