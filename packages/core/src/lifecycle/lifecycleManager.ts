/** Activates, swaps and shuts down each key's live instance, one swap per key at a time. */
import type { Container } from 'inversify';
import { admissionRefusal } from '../calculations/admissionRefusal.js';
import { heldLiveReferences } from '../calculations/heldLiveReferences.js';
import { shutdownOrder } from '../calculations/shutdownOrder.js';
import { domainToken, instanceToken } from '../container/domainToken.js';
import { createLiveReference } from '../container/liveReference.js';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { CallGuard, LiveSlot } from '../models/activeInstance.js';
import type { Candidate } from '../models/candidate.js';
import type { Domain } from '../models/domain.js';
import type { KeyStatus } from '../models/keyStatus.js';
import type { SwapHook } from '../models/providerHooks.js';
import { keyId } from '../services/candidateRegistry.js';
import type { Resolver } from '../services/resolver.js';
import type { AdmissionGate } from './admissionGate.js';
import { CandidateInstances } from './candidateInstances.js';
import type { KeySlot } from './keySlot.js';
import { KeyStatusRecorder } from './keyStatusRecorder.js';
import { DEFAULT_LIFECYCLE_TIMEOUTS, type LifecycleTimeouts } from './lifecycleTimeouts.js';
import { StatusStore } from './statusStore.js';
import { SwapProcedure } from './swapProcedure.js';
import type { CloseOptions, ProviderSettingsSource, SwapOptions, SwapOutcome, SwapResult } from './swapTypes.js';

export type { CloseOptions, ProviderSettingsSource, SwapOptions, SwapOutcome, SwapResult } from './swapTypes.js';

/** Options of a {@link LifecycleManager}. */
export interface LifecycleManagerOptions {
  /** Container whose public tokens hold the live references, and which builds candidates. */
  readonly container: Container;
  /** Resolver deciding winners. */
  readonly resolver: Resolver;
  /** Logger for swaps, drains and cleanup problems. */
  readonly logger?: OneiricLogger;
  /** Step time limits. */
  readonly timeouts?: Partial<LifecycleTimeouts>;
  /** Status persistence; in memory when absent. */
  readonly statusStore?: StatusStore;
  /** Provider settings lookup; every provider gets `{}` when absent. */
  readonly providerSettings?: ProviderSettingsSource;
  /** Guard (circuit breaker) for calls of a newly activated instance; none when absent. */
  readonly guardFor?: (candidate: Candidate) => CallGuard | undefined;
  /** Per-key admission the live references check; every key open when absent. */
  readonly admission?: AdmissionGate;
}

/**
 * Owns every key's live instance. A swap resolves the candidate, validates its settings, builds
 * it through the container, awaits `init`, checks `health`, runs pre-swap hooks, flips the live
 * reference, drains calls still running on the old instance (bounded), cleans it up and runs
 * post-swap hooks. Any failure before the flip leaves the old instance live and untouched,
 * cleans the new one, records `failed` and rejects with a {@link LifecycleError}.
 * The steps of one swap are a {@link SwapProcedure}'s; this class queues them per key.
 */
export class LifecycleManager {
  /** Statuses of every key, persisted when the store has a cache directory. */
  public readonly statusStore: StatusStore;
  readonly #container: Container;
  readonly #instances: CandidateInstances;
  readonly #statuses: KeyStatusRecorder;
  readonly #procedure: SwapProcedure;
  readonly #admission: AdmissionGate | undefined;
  readonly #slots = new Map<string, KeySlot>();
  #closing: Promise<void> | undefined;

  public constructor(options: LifecycleManagerOptions) {
    const logger = options.logger ?? createSilentLogger();
    this.#container = options.container;
    this.statusStore = options.statusStore ?? new StatusStore(undefined, logger);
    this.#admission = options.admission;
    this.#instances = new CandidateInstances({
      container: options.container,
      timeouts: { ...DEFAULT_LIFECYCLE_TIMEOUTS, ...options.timeouts },
      logger,
      providerSettings: options.providerSettings ?? ((candidate) => ({ plain: undefined, path: `${candidate.domain}s.provider_settings.${candidate.provider}` })),
    });
    this.#statuses = new KeyStatusRecorder(this.statusStore);
    this.#procedure = new SwapProcedure({
      container: options.container,
      resolver: options.resolver,
      instances: this.#instances,
      statuses: this.#statuses,
      logger,
      guardFor: options.guardFor ?? (() => undefined),
    });
  }

  /** Adds a hook run before each flip; a throw (or timeout) aborts that swap. */
  public onPreSwap(hook: SwapHook): void {
    this.#procedure.onPreSwap(hook);
  }

  /** Adds a hook run after each flip; a throw is logged, the swap stands. */
  public onPostSwap(hook: SwapHook): void {
    this.#procedure.onPostSwap(hook);
  }

  /**
   * Adds a listener told of every swap that ran (not of `onlyIfChanged` no-ops); a throwing
   * listener is logged and never changes the swap's outcome.
   * @returns a function that removes the listener
   */
  public onSwapSettled(listener: (outcome: SwapOutcome) => void): () => void {
    return this.#procedure.onSwapSettled(listener);
  }

  /**
   * Builds an instance of `candidate` outside any key's slot (fan-out event handlers), the way a
   * swap builds one: settings validated, built through the container, `init` awaited, with the
   * activation timeout. Dispose of it with {@link LifecycleManager.disposeDetached}.
   * @throws ConfigError, LifecycleError `buildFailed` or `initFailed`, or TimeoutError
   */
  public buildDetached(candidate: Candidate): Promise<object> {
    return this.#instances.create(candidate);
  }

  /** Cleans up an instance from {@link LifecycleManager.buildDetached} (`cleanup`, `close` or `dispose`, with the cleanup timeout); never throws. */
  public disposeDetached(candidate: Candidate, instance: object): Promise<void> {
    return this.#instances.cleanup(candidate, instance);
  }

  /** The key's live reference, bound in the container under its public token. */
  public liveReference<T extends object>(domain: Domain, key: string): T {
    return this.#slot(domain, key).liveReference as T;
  }

  /**
   * The slot a key's live reference reads: `slot.active` is the live instance (or undefined).
   * For hot paths that check what is live on every call without a lookup by name.
   */
  public liveSlot(domain: Domain, key: string): Readonly<LiveSlot> {
    return this.#slot(domain, key);
  }

  /**
   * The key's live instance itself, or undefined when none is live.
   * @throws AdmissionError while the key is paused or draining
   */
  public current<T>(domain: Domain, key: string): T | undefined {
    const slot = this.#slots.get(keyId(domain, key));
    if (slot?.admission !== undefined && slot.admission.state !== 'open') {
      throw admissionRefusal(domain, key, slot.admission.state, slot.admission.note)!;
    }
    return slot?.active?.instance as T | undefined;
  }

  /** Candidate of the key's live instance, if any. */
  public activeCandidate(domain: Domain, key: string): Candidate | undefined {
    return this.#slots.get(keyId(domain, key))?.active?.candidate;
  }

  /** Calls currently running on the key's live instance through live references. */
  public inFlight(domain: Domain, key: string): number {
    return this.#slots.get(keyId(domain, key))?.active?.inFlight ?? 0;
  }

  /** The key's status (an `unknown` status when never touched). */
  public status(domain: Domain, key: string): KeyStatus {
    return this.#statuses.status(domain, key);
  }

  /**
   * Activates the key's winner, or `options.provider`, in place of the live instance.
   * Swaps of one key run one at a time in call order; different keys run concurrently.
   * @throws LifecycleError naming the step that failed; the old instance is then still live
   */
  public swap(domain: Domain, key: string, options: SwapOptions = {}): Promise<SwapResult> {
    // Checked at call time: a swap queued before close() still runs, one asked for after is refused.
    if (this.#closing !== undefined) {
      return Promise.reject(closedError(domain, key));
    }
    const slot = this.#slot(domain, key);
    const run = slot.queue.then(() => this.#procedure.run(slot, options));
    slot.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs the live instance's health check (with the health timeout).
   * @returns null when nothing is live, true when healthy or without a check, false otherwise
   */
  public async probe(domain: Domain, key: string): Promise<boolean | null> {
    const active = this.#slots.get(keyId(domain, key))?.active;
    if (active === undefined) {
      return null;
    }
    const problem = await this.#instances.checkHealth(active.candidate, active.instance);
    this.#statuses.update(domain, key, { lastHealthAt: new Date().toISOString() });
    return problem === undefined;
  }

  /**
   * Takes the key's live instance out of service (drained, cleaned up) without a replacement,
   * e.g. after its last candidate was unregistered. Queued behind the key's swaps.
   */
  public deactivate(domain: Domain, key: string): Promise<void> {
    // close() retires everything itself; a deactivation racing it would retire an instance twice.
    if (this.#closing !== undefined) {
      return Promise.reject(closedError(domain, key));
    }
    const slot = this.#slot(domain, key);
    const run = slot.queue.then(async () => {
      const active = slot.active;
      if (active === undefined) {
        return;
      }
      slot.active = undefined;
      await this.#unbindInstance(domain, key);
      await this.#instances.retire(active);
      this.#statuses.update(domain, key, { state: 'unknown', currentProvider: null, pendingProvider: null });
    });
    slot.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Drains and cleans up every live instance, once: an instance holding live references of other
   * keys before those keys (dependents first), otherwise in reverse order of activation. Later
   * calls return the same promise. Swaps already queued finish first; new swaps are refused.
   */
  public close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= this.#closeAll(options.recordClosed ?? true);
    return this.#closing;
  }

  async #closeAll(recordClosed: boolean): Promise<void> {
    await Promise.all([...this.#slots.values()].map((slot) => slot.queue));
    for (const slot of this.#shutdownOrder()) {
      const active = slot.active;
      if (active === undefined) {
        continue;
      }
      slot.active = undefined;
      await this.#unbindInstance(slot.domain, slot.key);
      await this.#instances.retire(active);
      if (recordClosed) {
        this.#statuses.update(slot.domain, slot.key, { state: 'closed', currentProvider: null, pendingProvider: null });
      }
    }
    await this.statusStore.flush();
  }

  // Dependents first (the live references an instance holds say what it depends on), then the
  // latest activated: a service's cleanup may still call the adapters it injects.
  #shutdownOrder(): KeySlot[] {
    const live = [...this.#slots.values()].filter((slot) => slot.active !== undefined);
    const entries = live.map((slot) => ({
      id: slot.label,
      activationOrder: slot.active!.activationOrder,
      dependsOn: heldLiveReferences(slot.active!.instance),
    }));
    const byLabel = new Map(live.map((slot) => [slot.label, slot]));
    return shutdownOrder(entries).map((label) => byLabel.get(label)!);
  }

  async #unbindInstance(domain: Domain, key: string): Promise<void> {
    const token = instanceToken(domain, key);
    if (this.#container.isBound(token)) {
      await this.#container.unbindAsync(token);
    }
  }

  #slot(domain: Domain, key: string): KeySlot {
    const id = keyId(domain, key);
    let slot = this.#slots.get(id);
    if (slot === undefined) {
      const admission = this.#admission?.cell(domain, key);
      const live: LiveSlot = { label: `${domain}:${key}`, active: undefined, ...(admission === undefined ? {} : { admission }) };
      const liveReference = createLiveReference<object>(live);
      // The slot object is the LiveSlot the reference reads, so flips are seen immediately.
      slot = Object.assign(live, { domain, key, liveReference, queue: Promise.resolve() as Promise<unknown> });
      this.#slots.set(id, slot);
      this.#container.bind(domainToken(domain, key)).toConstantValue(liveReference);
    }
    return slot;
  }
}

function closedError(domain: Domain, key: string): LifecycleError {
  return new LifecycleError(LifecycleErrorKind.closed, `${domain}:${key}: the application is closed`, { domain, key });
}
