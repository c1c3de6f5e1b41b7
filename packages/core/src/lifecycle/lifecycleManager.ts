/** Activates, swaps and shuts down each key's live instance, one swap per key at a time. */
import { performance } from 'node:perf_hooks';
import { Container } from 'inversify';
import type { Span } from '@opentelemetry/api';
import { admissionRefusal } from '../calculations/admissionRefusal.js';
import { domainToken, instanceToken } from '../container/domainToken.js';
import { createLiveReference } from '../container/liveReference.js';
import { PROVIDER_SETTINGS } from '../container/providerSettingsToken.js';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { OneiricError } from '../errors/oneiricError.js';
import { TimeoutError } from '../errors/timeoutError.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { ActiveInstance, CallGuard, LiveSlot } from '../models/activeInstance.js';
import type { Candidate } from '../models/candidate.js';
import type { Domain } from '../models/domain.js';
import { initialKeyStatus, RECENT_SWAP_SAMPLES, type KeyStatus } from '../models/keyStatus.js';
import type { SwapHook, SwapHookContext } from '../models/providerHooks.js';
import { withTimeout } from '../resiliency/withTimeout.js';
import { keyId } from '../services/candidateRegistry.js';
import type { Resolver } from '../services/resolver.js';
import { getTracer } from '../telemetry/tracer.js';
import type { AdmissionGate } from './admissionGate.js';
import { DEFAULT_LIFECYCLE_TIMEOUTS, type LifecycleTimeouts } from './lifecycleTimeouts.js';
import { StatusStore } from './statusStore.js';
import { validateProviderSettings } from './validateProviderSettings.js';
import { messageOf } from '../errors/messageOf.js';

/**
 * Where a provider's plain settings come from, and their path in configuration.
 * @category Application
 */
export type ProviderSettingsSource = (candidate: Candidate) => { readonly plain: unknown; readonly path: string };

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
 * Options of {@link Oneiric.swap}.
 * @category Application
 */
export interface SwapOptions {
  /** Activate this provider instead of the precedence winner. */
  readonly provider?: string;
  /** Accept an instance whose health check fails (never an instance that failed to build or init). */
  readonly force?: boolean;
  /**
   * Do nothing when, by the time this swap runs, the candidate it resolves is already live
   * (used by `sync`, whose swaps queue behind others and decide when they run).
   */
  readonly onlyIfChanged?: boolean;
}

/**
 * Options of {@link Oneiric.close}.
 * @category Application
 */
export interface CloseOptions {
  /**
   * Record `closed` in each key's status (default true). A short-lived process acting on
   * behalf of another (the CLI) passes false, so the status file keeps what its swap left.
   */
  readonly recordClosed?: boolean;
}

/**
 * What a successful swap reports.
 * @category Application
 */
export interface SwapResult {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Provider now live. */
  readonly provider: string;
  /** Provider live before, or null on first activation. */
  readonly previousProvider: string | null;
  /** Whole swap duration including drain and cleanup of the old instance, in milliseconds. */
  readonly durationMs: number;
  /** False when `force` accepted a failing health check. */
  readonly healthy: boolean;
  /** The health failure `force` accepted, if any. */
  readonly healthError?: string;
  /** False when `onlyIfChanged` found the candidate already live and nothing was done. */
  readonly changed: boolean;
}

/** What a swap ended with, as {@link LifecycleManager.onSwapSettled} listeners see it. */
export type SwapOutcome =
  | { readonly ok: true; readonly result: SwapResult }
  | { readonly ok: false; readonly domain: Domain; readonly key: string; readonly provider: string; readonly error: LifecycleError };

interface KeySlot extends LiveSlot {
  readonly domain: Domain;
  readonly key: string;
  readonly liveReference: object;
  // Serialises swaps of this key.
  queue: Promise<unknown>;
}

// What the steps of one swap share.
interface SwapInProgress {
  readonly slot: KeySlot;
  readonly candidate: Candidate;
  readonly previous: ActiveInstance | undefined;
  readonly label: string;
  readonly context: { readonly domain: Domain; readonly key: string; readonly provider: string };
  readonly started: number;
  readonly span: Span;
}

/**
 * Owns every key's live instance. A swap resolves the candidate, validates its settings, builds
 * it through the container, awaits `init`, checks `health`, runs pre-swap hooks, flips the live
 * reference, drains calls still running on the old instance (bounded), cleans it up and runs
 * post-swap hooks. Any failure before the flip leaves the old instance live and untouched,
 * cleans the new one, records `failed` and rejects with a {@link LifecycleError}.
 */
export class LifecycleManager {
  /** Statuses of every key, persisted when the store has a cache directory. */
  public readonly statusStore: StatusStore;
  readonly #container: Container;
  readonly #resolver: Resolver;
  readonly #logger: OneiricLogger;
  readonly #timeouts: LifecycleTimeouts;
  readonly #providerSettings: ProviderSettingsSource;
  readonly #guardFor: (candidate: Candidate) => CallGuard | undefined;
  readonly #admission: AdmissionGate | undefined;
  readonly #slots = new Map<string, KeySlot>();
  readonly #preSwapHooks: SwapHook[] = [];
  readonly #postSwapHooks: SwapHook[] = [];
  readonly #swapListeners = new Set<(outcome: SwapOutcome) => void>();
  readonly #tracer = getTracer();
  #activationCounter = 0;
  #closing: Promise<void> | undefined;

  public constructor(options: LifecycleManagerOptions) {
    this.#container = options.container;
    this.#resolver = options.resolver;
    this.#logger = options.logger ?? createSilentLogger();
    this.#timeouts = { ...DEFAULT_LIFECYCLE_TIMEOUTS, ...options.timeouts };
    this.statusStore = options.statusStore ?? new StatusStore(undefined, this.#logger);
    this.#guardFor = options.guardFor ?? (() => undefined);
    this.#admission = options.admission;
    this.#providerSettings = options.providerSettings ?? ((candidate) => ({ plain: undefined, path: `${candidate.domain}s.provider_settings.${candidate.provider}` }));
  }

  /** Adds a hook run before each flip; a throw (or timeout) aborts that swap. */
  public onPreSwap(hook: SwapHook): void {
    this.#preSwapHooks.push(hook);
  }

  /** Adds a hook run after each flip; a throw is logged, the swap stands. */
  public onPostSwap(hook: SwapHook): void {
    this.#postSwapHooks.push(hook);
  }

  /**
   * Adds a listener told of every swap that ran (not of `onlyIfChanged` no-ops); a throwing
   * listener is logged and never changes the swap's outcome.
   * @returns a function that removes the listener
   */
  public onSwapSettled(listener: (outcome: SwapOutcome) => void): () => void {
    this.#swapListeners.add(listener);
    return () => this.#swapListeners.delete(listener);
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
    return this.statusStore.get(domain, key) ?? initialKeyStatus(domain, key);
  }

  /**
   * Activates the key's winner, or `options.provider`, in place of the live instance.
   * Swaps of one key run one at a time in call order; different keys run concurrently.
   * @throws LifecycleError naming the step that failed; the old instance is then still live
   */
  public swap(domain: Domain, key: string, options: SwapOptions = {}): Promise<SwapResult> {
    // Checked at call time: a swap queued before close() still runs, one asked for after is refused.
    if (this.#closing !== undefined) {
      return Promise.reject(new LifecycleError(LifecycleErrorKind.closed, `${domain}:${key}: the application is closed`, { domain, key }));
    }
    const slot = this.#slot(domain, key);
    const run = slot.queue.then(() => this.#swapNow(slot, options));
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
    const problem = await this.#checkHealth(active.candidate, active.instance);
    this.#updateStatus(domain, key, { lastHealthAt: new Date().toISOString() });
    return problem === undefined;
  }

  /**
   * Takes the key's live instance out of service (drained, cleaned up) without a replacement,
   * e.g. after its last candidate was unregistered. Queued behind the key's swaps.
   */
  public deactivate(domain: Domain, key: string): Promise<void> {
    // close() retires everything itself; a deactivation racing it would retire an instance twice.
    if (this.#closing !== undefined) {
      return Promise.reject(new LifecycleError(LifecycleErrorKind.closed, `${domain}:${key}: the application is closed`, { domain, key }));
    }
    const slot = this.#slot(domain, key);
    const run = slot.queue.then(async () => {
      const active = slot.active;
      if (active === undefined) {
        return;
      }
      slot.active = undefined;
      await this.#unbindInstance(domain, key);
      await this.#retire(slot, active);
      this.#updateStatus(domain, key, { state: 'unknown', currentProvider: null, pendingProvider: null });
    });
    slot.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Drains and cleans up every live instance in reverse order of activation, once; later calls
   * return the same promise. Swaps already queued finish first; new swaps are refused.
   */
  public close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= this.#closeAll(options.recordClosed ?? true);
    return this.#closing;
  }

  async #closeAll(recordClosed: boolean): Promise<void> {
    await Promise.all([...this.#slots.values()].map((slot) => slot.queue));
    const live = [...this.#slots.values()]
      .filter((slot): slot is KeySlot & { active: ActiveInstance } => slot.active !== undefined)
      .sort((a, b) => b.active.activationOrder - a.active.activationOrder);
    for (const slot of live) {
      const active = (slot as KeySlot).active;
      if (active === undefined) {
        continue;
      }
      (slot as KeySlot).active = undefined;
      await this.#unbindInstance(slot.domain, slot.key);
      await this.#retire(slot, active);
      if (recordClosed) {
        this.#updateStatus(slot.domain, slot.key, { state: 'closed', currentProvider: null, pendingProvider: null });
      }
    }
    await this.statusStore.flush();
  }

  // A swap in three steps: activate the new instance beside the live one, flip the slot to it,
  // then retire the old one. A failure before the flip leaves the live instance untouched.
  async #swapNow(slot: KeySlot, options: SwapOptions): Promise<SwapResult> {
    const { domain, key } = slot;
    const candidate = this.#candidateToSwapIn(slot, options);
    const previous = slot.active;
    if (options.onlyIfChanged === true && previous?.candidate === candidate) {
      return { domain, key, provider: candidate.provider, previousProvider: candidate.provider, durationMs: 0, healthy: true, changed: false };
    }
    const swap: SwapInProgress = {
      slot,
      candidate,
      previous,
      label: `${domain}:${key} (${candidate.provider})`,
      context: { domain, key, provider: candidate.provider },
      started: performance.now(),
      span: this.#tracer.startSpan('oneiric.swap', {
        attributes: { 'oneiric.domain': domain, 'oneiric.key': key, 'oneiric.provider': candidate.provider, 'oneiric.force': options.force === true },
      }),
    };
    this.#updateStatus(domain, key, { state: 'activating', pendingProvider: candidate.provider, lastError: null });
    const activation: { built?: object } = {};
    let healthError: string | undefined;
    try {
      healthError = await this.#activate(swap, options, activation);
      this.#flip(slot, candidate, activation.built as object);
    } catch (error) {
      throw await this.#failSwap(swap, error, activation.built);
    }
    return this.#completeSwap(swap, activation.built as object, healthError);
  }

  #candidateToSwapIn(slot: KeySlot, options: SwapOptions): Candidate {
    const { domain, key } = slot;
    const candidate = this.#resolver.resolve(domain, key, options.provider === undefined ? undefined : { provider: options.provider });
    if (candidate === undefined) {
      const what = options.provider === undefined ? '' : ` with provider ${options.provider}`;
      throw new LifecycleError(LifecycleErrorKind.noCandidate, `No candidate registered for ${domain}:${key}${what}`, {
        domain, key, ...(options.provider === undefined ? {} : { provider: options.provider }),
      });
    }
    return candidate;
  }

  // Builds, initialises and checks the new instance and runs the pre-swap hooks; the built
  // instance goes into `activation` at once, so a failure later can still clean it up.
  async #activate(swap: SwapInProgress, options: SwapOptions, activation: { built?: object }): Promise<string | undefined> {
    const { candidate, label, context } = swap;
    const settings = this.#settingsFor(candidate);
    const instance = await this.#build(candidate, settings, label);
    activation.built = instance;
    await this.#init(candidate, instance, settings, label);
    const healthError = await this.#checkHealth(candidate, instance);
    this.#updateStatus(context.domain, context.key, { lastHealthAt: new Date().toISOString() });
    if (healthError !== undefined && options.force !== true) {
      throw new LifecycleError(LifecycleErrorKind.healthFailed, `Health check failed for ${label}: ${healthError}`, context);
    }
    const hookContext: SwapHookContext = { candidate, instance, previous: swap.previous?.instance };
    for (const hook of this.#preSwapHooks) {
      await this.#runHook(hook, hookContext, `pre-swap hook of ${label}`).catch((error: unknown) => {
        if (error instanceof LifecycleError || error instanceof TimeoutError) {
          throw error;
        }
        throw new LifecycleError(LifecycleErrorKind.hookFailed, `Pre-swap hook failed for ${label}: ${messageOf(error)}`, context, error);
      });
    }
    return healthError;
  }

  // The flip: from here on the swap has happened, whatever the cleanup of the old instance does.
  #flip(slot: KeySlot, candidate: Candidate, instance: object): void {
    this.#activationCounter += 1;
    slot.active = {
      candidate,
      instance,
      activationOrder: this.#activationCounter,
      activatedAt: new Date().toISOString(),
      guard: this.#guardFor(candidate),
      inFlight: 0,
      onIdle: undefined,
      retired: false,
      trackedMethods: new Map(),
    };
  }

  async #failSwap(swap: SwapInProgress, error: unknown, built: object | undefined): Promise<LifecycleError> {
    const { candidate, previous, label, context } = swap;
    const failure = toLifecycleError(error, label, context);
    // A factory may hand back the live instance itself: never clean what stays live.
    if (built !== undefined && built !== previous?.instance) {
      await this.#cleanup(candidate, built, label);
    }
    this.#recordSwap(context.domain, context.key, performance.now() - swap.started, false, {
      state: 'failed', pendingProvider: null, lastError: failure.message,
    });
    this.#logger.warn('swap failed; previous instance kept', { ...context, error: failure.message, kind: failure.kind, previous: previous?.candidate.provider ?? null });
    swap.span.setAttribute('oneiric.outcome', 'failed');
    swap.span.end();
    this.#notifySwap({ ok: false, domain: context.domain, key: context.key, provider: candidate.provider, error: failure });
    return failure;
  }

  async #completeSwap(swap: SwapInProgress, built: object, healthError: string | undefined): Promise<SwapResult> {
    const { slot, candidate, previous, context } = swap;
    const { domain, key } = slot;
    // Only the winner is bound: its instance under the key's instance token, rebound with the
    // async API so deactivation hooks a user attached to the token can run.
    (await this.#container.rebindAsync(instanceToken(domain, key))).toConstantValue(built);
    // The new instance is live now: say so before the (possibly long) drain of the old one.
    this.#updateStatus(domain, key, {
      state: 'ready',
      currentProvider: candidate.provider,
      pendingProvider: null,
      lastError: healthError === undefined ? null : `forced past failing health check: ${healthError}`,
      lastActivatedAt: new Date().toISOString(),
    });
    if (previous !== undefined && previous.instance !== built) {
      await this.#retire(slot, previous);
    }
    const hookContext: SwapHookContext = { candidate, instance: built, previous: previous?.instance };
    for (const hook of this.#postSwapHooks) {
      await this.#runHook(hook, hookContext, `post-swap hook of ${swap.label}`).catch((error: unknown) => {
        this.#logger.warn('post-swap hook failed', { ...context, error: messageOf(error) });
      });
    }
    const durationMs = performance.now() - swap.started;
    this.#recordSwap(domain, key, durationMs, true, {});
    this.#logger.info('swapped', { ...context, previous: previous?.candidate.provider ?? null, durationMs: Math.round(durationMs) });
    swap.span.setAttribute('oneiric.outcome', healthError === undefined ? 'ready' : 'forced');
    swap.span.end();
    const result: SwapResult = {
      domain, key, provider: candidate.provider, previousProvider: previous?.candidate.provider ?? null,
      durationMs, healthy: healthError === undefined, ...(healthError === undefined ? {} : { healthError }), changed: true,
    };
    this.#notifySwap({ ok: true, result });
    return result;
  }

  #notifySwap(outcome: SwapOutcome): void {
    for (const listener of this.#swapListeners) {
      try {
        listener(outcome);
      } catch (error) {
        this.#logger.warn('swap listener failed', { error: messageOf(error) });
      }
    }
  }

  #settingsFor(candidate: Candidate): object {
    const { plain, path } = this.#providerSettings(candidate);
    return validateProviderSettings(candidate, plain, path);
  }

  async #build(candidate: Candidate, settings: object, label: string): Promise<object> {
    // A short-lived child container: the candidate's dependencies come from the application's
    // container, its settings from here, and nothing of it stays bound afterwards.
    const child = new Container({ parent: this.#container });
    child.bind(PROVIDER_SETTINGS).toConstantValue(settings);
    const buildToken = Symbol(`oneiric-build:${label}`);
    const factory = candidate.factory;
    if (factory.kind === 'class') {
      child.bind(buildToken).to(factory.target as new () => object).inTransientScope();
    } else {
      child.bind(buildToken).toDynamicValue(factory.build).inTransientScope();
    }
    const building = child.getAsync<unknown>(buildToken);
    try {
      const instance = await withTimeout(building, this.#timeouts.activationTimeoutMs, `build of ${label}`);
      if (typeof instance !== 'object' || instance === null) {
        throw new Error(`factory returned ${instance === null ? 'null' : typeof instance}, not an object`);
      }
      return instance;
    } catch (error) {
      if (error instanceof TimeoutError) {
        // The build goes on after the deadline: clean up whatever it eventually produces.
        building.then((late) => {
          if (typeof late === 'object' && late !== null) {
            void this.#cleanup(candidate, late, label);
          }
        }, () => undefined);
        throw error;
      }
      throw new LifecycleError(LifecycleErrorKind.buildFailed, `Could not build ${label}: ${messageOf(error)}`, {
        domain: candidate.domain, key: candidate.key, provider: candidate.provider,
      }, error);
    }
  }

  async #init(candidate: Candidate, instance: object, settings: object, label: string): Promise<void> {
    const init = (instance as { init?: unknown }).init;
    if (typeof init !== 'function') {
      return;
    }
    try {
      await withTimeout(Promise.resolve().then(() => init.call(instance, settings)), this.#timeouts.activationTimeoutMs, `init of ${label}`);
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw error;
      }
      throw new LifecycleError(LifecycleErrorKind.initFailed, `init failed for ${label}: ${messageOf(error)}`, {
        domain: candidate.domain, key: candidate.key, provider: candidate.provider,
      }, error);
    }
  }

  /** Returns undefined when healthy (or without a check), else what was wrong. */
  async #checkHealth(candidate: Candidate, instance: object): Promise<string | undefined> {
    const health = (instance as { health?: unknown }).health;
    if (typeof health !== 'function') {
      return undefined;
    }
    const label = `health check of ${candidate.domain}:${candidate.key} (${candidate.provider})`;
    try {
      const result: unknown = await withTimeout(Promise.resolve().then(() => health.call(instance)), this.#timeouts.healthTimeoutMs, label);
      return result === false ? 'health() returned false' : undefined;
    } catch (error) {
      return messageOf(error);
    }
  }

  async #runHook(hook: SwapHook, context: SwapHookContext, label: string): Promise<void> {
    await withTimeout(Promise.resolve().then(() => hook(context)), this.#timeouts.hookTimeoutMs, label);
  }

  // Takes an instance out of service: wait for its calls in flight (bounded), then clean it up.
  async #retire(slot: KeySlot, active: ActiveInstance): Promise<void> {
    const label = `${slot.domain}:${slot.key} (${active.candidate.provider})`;
    if (active.inFlight > 0) {
      const idle = new Promise<void>((resolve) => {
        active.onIdle = resolve;
      });
      try {
        await withTimeout(idle, this.#timeouts.drainTimeoutMs, `drain of ${label}`);
      } catch {
        this.#logger.warn('drain timed out; cleaning up with calls still in flight', {
          domain: slot.domain, key: slot.key, provider: active.candidate.provider, inFlight: active.inFlight, drainTimeoutMs: this.#timeouts.drainTimeoutMs,
        });
      } finally {
        active.onIdle = undefined;
      }
    }
    active.retired = true;
    await this.#cleanup(active.candidate, active.instance, label);
  }

  async #cleanup(candidate: Candidate, instance: object, label: string): Promise<void> {
    const methods = instance as { cleanup?: unknown; close?: unknown; dispose?: unknown };
    const cleanup = [methods.cleanup, methods.close, methods.dispose].find((method) => typeof method === 'function') as (() => unknown) | undefined;
    if (cleanup === undefined) {
      return;
    }
    try {
      await withTimeout(Promise.resolve().then(() => cleanup.call(instance)), this.#timeouts.cleanupTimeoutMs, `cleanup of ${label}`);
    } catch (error) {
      this.#logger.warn('cleanup failed', { domain: candidate.domain, key: candidate.key, provider: candidate.provider, error: messageOf(error) });
    }
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

  #updateStatus(domain: Domain, key: string, patch: Partial<KeyStatus>): void {
    const current = this.status(domain, key);
    const stateChanged = patch.state !== undefined && patch.state !== current.state;
    this.statusStore.set({
      ...current,
      ...patch,
      ...(stateChanged ? { lastStateChangeAt: new Date().toISOString() } : {}),
    });
  }

  #recordSwap(domain: Domain, key: string, durationMs: number, succeeded: boolean, patch: Partial<KeyStatus>): void {
    const current = this.status(domain, key);
    const rounded = Math.round(durationMs * 1000) / 1000;
    this.#updateStatus(domain, key, {
      ...patch,
      lastSwapDurationMs: rounded,
      recentSwapDurationsMs: [...current.recentSwapDurationsMs, rounded].slice(-RECENT_SWAP_SAMPLES),
      successfulSwaps: current.successfulSwaps + (succeeded ? 1 : 0),
      failedSwaps: current.failedSwaps + (succeeded ? 0 : 1),
    });
  }
}


function toLifecycleError(error: unknown, label: string, context: { domain: string; key: string; provider: string }): LifecycleError {
  if (error instanceof LifecycleError) {
    return error;
  }
  if (error instanceof TimeoutError) {
    return new LifecycleError(LifecycleErrorKind.timeout, error.message, context, error);
  }
  if (error instanceof OneiricError) {
    return new LifecycleError(LifecycleErrorKind.buildFailed, `Swap failed for ${label}: ${error.message}`, context, error);
  }
  return new LifecycleError(LifecycleErrorKind.buildFailed, `Swap failed for ${label}: ${messageOf(error)}`, context, error);
}
