/** The application object: registry, resolver, lifecycle and container binding in one place. */
import { Container } from 'inversify';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { LifecycleManager, type CloseOptions, type SwapOptions, type SwapResult } from '../lifecycle/lifecycleManager.js';
import { StatusStore } from '../lifecycle/statusStore.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { Candidate } from '../models/candidate.js';
import type { CandidateSource } from '../models/candidateSource.js';
import { DOMAINS, type Domain } from '../models/domain.js';
import type { Explanation } from '../models/explanation.js';
import type { KeyStatus } from '../models/keyStatus.js';
import type { SwapHook } from '../models/providerHooks.js';
import type { ResolveRequest } from '../models/resolveRequest.js';
import { CircuitBreakers } from '../resiliency/circuitBreakers.js';
import { KeySync } from './keySync.js';
import { toCandidateInput } from './toCandidateInput.js';
import { wireApplicationEvents } from './wireApplicationEvents.js';
import { instrumentApplication } from '../telemetry/instrumentApplication.js';
import { AdmissionGate } from '../lifecycle/admissionGate.js';
import type { AdmissionEntry, AdmissionState } from '../models/admissionState.js';
import type { BreakerState, OneiricOptions, Registrable } from './oneiricOptions.js';
import { Resolver, type RegisterPackageOptions } from '../services/resolver.js';
import { unknownKeyError } from '../calculations/unknownKeyError.js';
import type { ProviderKey } from '../keys/providerKey.js';
import { registerInternals } from './internalAccess.js';
import { OneiricEvents, type KeyRef, type OneiricEventListener, type OneiricEventName } from './oneiricEvents.js';

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
 * @category Application
 */
export class Oneiric {
  /** The logger the application and its parts write to. */
  public readonly logger: OneiricLogger;
  readonly #container: Container;
  readonly #resolver: Resolver;
  readonly #lifecycle: LifecycleManager;
  readonly #breakers: CircuitBreakers;
  readonly #events: OneiricEvents;
  readonly #keySync: KeySync;
  readonly #admission = new AdmissionGate();
  #closed = false;

  public constructor(options: OneiricOptions = {}) {
    this.#container = options.container ?? new Container();
    this.logger = options.logger ?? createSilentLogger();
    this.#events = new OneiricEvents(this.logger);
    this.#resolver = new Resolver({ logger: this.logger });
    const breakerSettings = options.circuitBreaker;
    this.#breakers = new CircuitBreakers(breakerSettings?.guarded ?? (() => false), () => breakerSettings?.options ?? {});
    this.#lifecycle = new LifecycleManager({
      guardFor: (candidate) => this.#breakers.guardFor(candidate.domain, candidate.key, candidate.provider),
      container: this.#container,
      resolver: this.#resolver,
      logger: this.logger,
      statusStore: new StatusStore(options.cacheDir, this.logger),
      admission: this.#admission,
      ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      ...(options.providerSettings === undefined ? {} : { providerSettings: options.providerSettings }),
    });
    this.#keySync = new KeySync({
      resolver: this.#resolver, lifecycle: this.#lifecycle, breakers: this.#breakers, logger: this.logger,
      deactivate: (domain, key) => this.deactivate(domain, key),
    });
    wireApplicationEvents({
      events: this.#events, breakers: this.#breakers, lifecycle: this.#lifecycle, resolver: this.#resolver, keySync: this.#keySync, logger: this.logger,
    });
    for (const domain of DOMAINS) {
      const selections = options.selections?.[domain];
      if (selections !== undefined) {
        this.#resolver.setSelections(domain, selections);
      }
    }
    registerInternals(this, {
      container: this.#container, admission: this.#admission, callStats: (domain, key, provider) => this.#breakers.callStats(domain, key, provider),
      liveSlot: (domain, key) => this.#lifecycle.liveSlot(domain, key), buildInstance: (candidate) => this.#lifecycle.buildDetached(candidate),
      disposeInstance: (candidate, instance) => this.#lifecycle.disposeDetached(candidate, instance),
    });
    instrumentApplication(this);
  }

  /**
   * Adds a listener of an application event: `ready`, `swapped`, `swapFailed`, `deactivated`,
   * `breakerOpened`, `breakerHalfOpened`, `breakerClosed`, `keyChanged`, `admissionChanged`, `closed`. A listener
   * that throws is logged; it never fails the swap it observes.
   * @returns a function that removes the listener
   * @example
   * ```ts
   * const off = app.on('swapped', (result) => console.log(`${result.key} -> ${result.provider}`));
   * off();
   * ```
   */
  public on<E extends OneiricEventName>(event: E, listener: OneiricEventListener<E>): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * Registers decorated classes or candidate inputs, all or nothing: every entry is validated
   * before any is stored. After `start()`, call `sync()` to activate new winners.
   * @throws RegistrationError naming the class with bad or missing metadata
   */
  public register(...entries: Registrable[]): Candidate[] {
    return this.#resolver.registerAll(entries.map((entry) => toCandidateInput(entry)));
  }

  /**
   * Registers a package's providers; those without their own priority get the package's
   * (the `priority` option, else its `ONEIRIC_STACK_ORDER` entry, else 0).
   */
  public registerPackage(packageName: string, entries: readonly Registrable[], options: RegisterPackageOptions = {}): Candidate[] {
    return this.#resolver.registerPackage(packageName, entries.map((entry) => toCandidateInput(entry, 'package')), options);
  }

  /** Unregisters a provider of a key (from one source, or all); `sync()` then swaps away from it. */
  public unregister(domain: Domain, key: string, provider: string, source?: CandidateSource): Candidate[] {
    return this.#resolver.unregister(domain, key, provider, source);
  }

  /**
   * Loads persisted statuses and activates the winner of every registered key, adapters first,
   * then services, tasks, events, workflows, actions.
   * @throws LifecycleError of the first key that failed, after every key was attempted; the
   *   statuses of all failed keys say why
   */
  public async start(): Promise<void> {
    await this.#lifecycle.statusStore.load();
    this.#keySync.markStarted();
    try {
      await this.sync();
    } finally {
      const failedKeys: KeyRef[] = this.#lifecycle.statusStore.all()
        .filter((status) => status.state === 'failed')
        .map((status) => ({ domain: status.domain as Domain, key: status.key }));
      const activeKeys = DOMAINS.reduce((count, domain) => count + this.#resolver.registry.keys(domain)
        .filter((key) => this.#lifecycle.activeCandidate(domain, key) !== undefined).length, 0);
      this.#events.emit('ready', { activeKeys, failedKeys });
    }
  }

  /**
   * Swaps every key whose winner changed since the last sync (registration, unregistration,
   * selection), domain by domain in activation order; a key left without candidates is
   * deactivated. A key whose swap fails keeps its old instance and is tried again by the next
   * sync.
   * @throws LifecycleError of the first key that failed, after every key was attempted
   */
  public sync(): Promise<void> {
    return this.#keySync.sync();
  }

  /**
   * Sets (or with undefined clears) a key's selection and swaps the key to the new winner. On
   * failure the selection is put back, the old instance stays live, and the error is thrown.
   */
  public async select(domain: Domain, key: string, provider: string | undefined, options: Omit<SwapOptions, 'provider'> = {}): Promise<SwapResult> {
    if (provider !== undefined && this.#resolver.resolve(domain, key, { provider }) === undefined) {
      // Checked first: a selection naming an unknown provider would silently fall through to precedence.
      throw new LifecycleError(LifecycleErrorKind.noCandidate, `No candidate registered for ${domain}:${key} with provider ${provider}`, { domain, key, provider });
    }
    const previousSelection = this.#resolver.selection(domain, key);
    this.#resolver.setSelection(domain, key, provider);
    this.#keySync.markClean(domain, key);
    try {
      return await this.#lifecycle.swap(domain, key, provider === undefined ? options : { ...options, provider });
    } catch (error) {
      // Put the selection back only if no later select() changed it meanwhile.
      if (this.#resolver.selection(domain, key) === provider) {
        this.#resolver.setSelection(domain, key, previousSelection);
        this.#keySync.markClean(domain, key);
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
    return this.#lifecycle.swap(domain, key, options);
  }

  /** The winning candidate of a key (with `request`: among those with the asked capabilities or provider), or undefined. */
  public resolve(domain: Domain, key: string, request?: ResolveRequest): Candidate | undefined {
    return this.#resolver.resolve(domain, key, request);
  }

  /** The ranking of a key: every candidate in rank order with its score and a reason per tier, plus those a capability filter removed. */
  public explain(domain: Domain, key: string, request?: Omit<ResolveRequest, 'provider'>): Explanation {
    return this.#resolver.explain(domain, key, request);
  }

  /**
   * The key's live reference: every access reaches the key's live instance, also after swaps.
   * It is what `@InjectAdapter(key)` and friends inject.
   */
  public use<T extends object>(key: ProviderKey<T>): T;
  public use<T extends object>(domain: Domain, key: string): T;
  public use<T extends object>(domainOrKey: Domain | ProviderKey<T>, key?: string): T {
    const [domain, name] = typeof domainOrKey === 'function' ? [domainOrKey.domain, domainOrKey.key] : [domainOrKey, key!];
    if (this.#resolver.registry.count(domain, name) === 0) {
      // Fail at once: a typo would otherwise only surface at the first call, as "no live instance".
      throw unknownKeyError(domain, name, this.#resolver.registry.keys(domain));
    }
    return this.#lifecycle.liveReference<T>(domain, name);
  }

  /**
   * The key's live instance itself (not a live reference: it keeps pointing at this instance
   * after a swap), or undefined when none is live.
   * @throws AdmissionError `paused` or `draining` while the key refuses new calls: the bare
   *   instance would otherwise be a way around the refusal
   */
  public current<T>(key: ProviderKey<T>): T | undefined;
  public current<T>(domain: Domain, key: string): T | undefined;
  public current<T>(domainOrKey: Domain | ProviderKey<T>, key?: string): T | undefined {
    return typeof domainOrKey === 'function'
      ? this.#lifecycle.current<T>(domainOrKey.domain, domainOrKey.key)
      : this.#lifecycle.current<T>(domainOrKey, key!);
  }

  /**
   * Opens, pauses or drains a key. While paused or draining, every new call through its live
   * references (`use()`, injected ones) is refused with an `AdmissionError` of that kind, and
   * `current()` throws it; calls already running finish (`inFlight()` counts them). Opening
   * restores service at once. A key may be set before it is registered. Emits
   * `admissionChanged` when the state or note changed.
   * @example
   * ```ts
   * app.setAdmission('adapter', 'cache', 'draining', { note: 'shutting down' });
   * app.setAdmission('adapter', 'cache', 'open');
   * ```
   */
  public setAdmission(domain: Domain, key: string, state: AdmissionState, options: { readonly note?: string | null } = {}): void {
    const change = this.#admission.set(domain, key, state, options.note ?? null);
    if (change !== undefined) {
      this.#events.emit('admissionChanged', change);
    }
  }

  /** The key's admission: `open` unless paused or draining. */
  public admission(domain: Domain, key: string): AdmissionState {
    return this.#admission.state(domain, key);
  }

  /** Every key that is paused or draining, with its note, sorted by domain then key. */
  public admissions(): AdmissionEntry[] {
    return this.#admission.closed();
  }

  /** The candidate of the key's live instance, if any. */
  public active(domain: Domain, key: string): Candidate | undefined {
    return this.#lifecycle.activeCandidate(domain, key);
  }

  /** The key's lifecycle status. */
  public status(domain: Domain, key: string): KeyStatus {
    return this.#lifecycle.status(domain, key);
  }

  /** Adds a hook run before each flip; a throw aborts that swap. */
  public onPreSwap(hook: SwapHook): void {
    this.#lifecycle.onPreSwap(hook);
  }

  /** Adds a hook run after each flip; a throw is logged. */
  public onPostSwap(hook: SwapHook): void {
    this.#lifecycle.onPostSwap(hook);
  }

  /** Drains and cleans every live instance once, dependents before the keys they inject (else latest activated first); safe to call twice. */
  public async close(options: CloseOptions = {}): Promise<void> {
    const first = !this.#closed;
    this.#closed = true;
    try {
      await this.#lifecycle.close(options);
    } finally {
      this.#breakers.shutdown();
    }
    if (first) {
      this.#events.emit('closed', {});
    }
  }

  /** The keys of a domain that have at least one registered candidate, sorted. */
  public keys(domain: Domain): string[] {
    return this.#resolver.registry.keys(domain);
  }

  /** Every registered candidate of a key, in registration order. */
  public candidates(domain: Domain, key: string): Candidate[] {
    return this.#resolver.registry.list(domain, key);
  }

  /** The winner of every key of a domain. */
  public winners(domain: Domain): Candidate[] {
    return this.#resolver.listActive(domain);
  }

  /** Every candidate of a domain that is not its key's winner. */
  public shadowed(domain: Domain): Candidate[] {
    return this.#resolver.listShadowed(domain);
  }

  /** The explicit selection of a key (config, manifest or runtime), if any. */
  public selection(domain: Domain, key: string): string | undefined {
    return this.#resolver.selection(domain, key);
  }

  /** Every explicit selection of a domain, by key. */
  public selections(domain: Domain): Record<string, string> {
    return this.#resolver.selections(domain);
  }

  /**
   * Records (or with undefined clears) a key's selection without swapping; the next `sync()`
   * applies it. Use {@link Oneiric.select} to select and swap in one step.
   */
  public setSelection(domain: Domain, key: string, provider: string | undefined): void {
    this.#resolver.setSelection(domain, key, provider);
  }

  /** Providers of a key currently counted as unhealthy, with the reason. */
  public unhealthy(domain: Domain, key: string): ReadonlyMap<string, string> {
    return this.#resolver.unhealthy(domain, key);
  }

  /** The status of every key this application (or, after {@link Oneiric.reloadStatuses}, the status file) knows. */
  public statuses(): KeyStatus[] {
    return this.#lifecycle.statusStore.all();
  }

  /** Path of the persisted status file, or undefined when statuses are in memory only. */
  public get statusFile(): string | undefined {
    return this.#lifecycle.statusStore.path;
  }

  /** Re-reads the persisted statuses (written by this or another process). */
  public reloadStatuses(): Promise<void> {
    return this.#lifecycle.statusStore.load();
  }

  /** Writes pending status changes to the status file now. */
  public flushStatuses(): Promise<void> {
    return this.#lifecycle.statusStore.flush();
  }

  /** Calls running on the key's live instance through live references. */
  public inFlight(domain: Domain, key: string): number {
    return this.#lifecycle.inFlight(domain, key);
  }

  /**
   * Runs the live instance's health check.
   * @returns null when nothing is live, true when healthy (or without a check), false otherwise
   */
  public probe(domain: Domain, key: string): Promise<boolean | null> {
    return this.#lifecycle.probe(domain, key);
  }

  /** The circuit breaker state of a provider, or undefined when its key is not guarded. */
  public breakerState(domain: Domain, key: string, provider: string): BreakerState | undefined {
    const breaker = this.#breakers.breakerFor(domain, key, provider);
    if (breaker === undefined) {
      return undefined;
    }
    return breaker.opened ? 'open' : breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  /**
   * Takes a key's live instance out of service (drained, cleaned up) without a replacement.
   * Queued behind the key's swaps.
   * @throws LifecycleError `closed` after `close()`
   */
  public async deactivate(domain: Domain, key: string): Promise<void> {
    const wasLive = this.#lifecycle.activeCandidate(domain, key) !== undefined;
    await this.#lifecycle.deactivate(domain, key);
    if (wasLive) {
      this.#events.emit('deactivated', { domain, key });
    }
  }
}
