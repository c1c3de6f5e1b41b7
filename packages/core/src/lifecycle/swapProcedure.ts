/** The swap of one key in three steps: activate the new instance beside the live one, flip, retire the old one. */
import { performance } from 'node:perf_hooks';
import type { Container } from 'inversify';
import type { Span } from '@opentelemetry/api';
import { toLifecycleError } from '../calculations/toLifecycleError.js';
import { instanceToken } from '../container/domainToken.js';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { messageOf } from '../errors/messageOf.js';
import { TimeoutError } from '../errors/timeoutError.js';
import type { OneiricLogger } from '../logging/createLogger.js';
import type { ActiveInstance, CallGuard } from '../models/activeInstance.js';
import type { Candidate } from '../models/candidate.js';
import type { Domain } from '../models/domain.js';
import type { SwapHook, SwapHookContext } from '../models/providerHooks.js';
import type { Resolver } from '../services/resolver.js';
import { getTracer } from '../telemetry/tracer.js';
import { labelOf, type CandidateInstances } from './candidateInstances.js';
import type { KeySlot } from './keySlot.js';
import type { KeyStatusRecorder } from './keyStatusRecorder.js';
import type { SwapOptions, SwapOutcome, SwapResult } from './swapTypes.js';

/** What a {@link SwapProcedure} works with, all owned by its lifecycle manager. */
export interface SwapProcedureParts {
  /** Container in which the winner's instance is bound under its instance token. */
  readonly container: Container;
  /** Resolver deciding which candidate a swap activates. */
  readonly resolver: Resolver;
  /** Builds, checks and cleans up instances. */
  readonly instances: CandidateInstances;
  /** Records the steps in the keys' statuses. */
  readonly statuses: KeyStatusRecorder;
  /** Logger for swaps and hook failures. */
  readonly logger: OneiricLogger;
  /** Guard (circuit breaker) for calls of a newly activated instance. */
  readonly guardFor: (candidate: Candidate) => CallGuard | undefined;
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
 * Runs one swap of a key whose queue it has reached: resolves the candidate, activates it
 * (settings, build, `init`, health, pre-swap hooks), flips the slot to it, then retires the old
 * instance and runs post-swap hooks. Any failure before the flip leaves the old instance live
 * and untouched, cleans the new one, records `failed` and rejects with a LifecycleError.
 * Also holds the swap hooks and the listeners of swap outcomes.
 */
export class SwapProcedure {
  readonly #parts: SwapProcedureParts;
  readonly #preSwapHooks: SwapHook[] = [];
  readonly #postSwapHooks: SwapHook[] = [];
  readonly #swapListeners = new Set<(outcome: SwapOutcome) => void>();
  readonly #tracer = getTracer();
  #activationCounter = 0;

  /** @param parts - what the swap steps work with */
  public constructor(parts: SwapProcedureParts) {
    this.#parts = parts;
  }

  /** Adds a hook run before each flip; a throw (or timeout) aborts that swap. */
  public onPreSwap(hook: SwapHook): void {
    this.#preSwapHooks.push(hook);
  }

  /** Adds a hook run after each flip; a throw is logged, the swap stands. */
  public onPostSwap(hook: SwapHook): void {
    this.#postSwapHooks.push(hook);
  }

  /** Adds a listener of every swap that ran; returns a function that removes it. */
  public onSwapSettled(listener: (outcome: SwapOutcome) => void): () => void {
    this.#swapListeners.add(listener);
    return () => this.#swapListeners.delete(listener);
  }

  /**
   * Swaps the key of `slot` now (the caller has serialised swaps of the key).
   * @throws LifecycleError naming the step that failed; the old instance is then still live
   */
  public async run(slot: KeySlot, options: SwapOptions): Promise<SwapResult> {
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
      label: labelOf(candidate),
      context: { domain, key, provider: candidate.provider },
      started: performance.now(),
      span: this.#tracer.startSpan('oneiric.swap', {
        attributes: { 'oneiric.domain': domain, 'oneiric.key': key, 'oneiric.provider': candidate.provider, 'oneiric.force': options.force === true },
      }),
    };
    this.#parts.statuses.update(domain, key, { state: 'activating', pendingProvider: candidate.provider, lastError: null });
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
    const candidate = this.#parts.resolver.resolve(domain, key, options.provider === undefined ? undefined : { provider: options.provider });
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
    const { instances } = this.#parts;
    const settings = instances.settingsFor(candidate);
    const instance = await instances.build(candidate, settings, label);
    activation.built = instance;
    await instances.init(candidate, instance, settings, label);
    const healthError = await instances.checkHealth(candidate, instance);
    this.#parts.statuses.update(context.domain, context.key, { lastHealthAt: new Date().toISOString() });
    if (healthError !== undefined && options.force !== true) {
      throw new LifecycleError(LifecycleErrorKind.healthFailed, `Health check failed for ${label}: ${healthError}`, context);
    }
    const hookContext: SwapHookContext = { candidate, instance, previous: swap.previous?.instance };
    for (const hook of this.#preSwapHooks) {
      await instances.runHook(hook, hookContext, `pre-swap hook of ${label}`).catch((error: unknown) => {
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
      guard: this.#parts.guardFor(candidate),
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
      await this.#parts.instances.cleanup(candidate, built, label);
    }
    this.#parts.statuses.recordSwap(context.domain, context.key, performance.now() - swap.started, false, {
      state: 'failed', pendingProvider: null, lastError: failure.message,
    });
    this.#parts.logger.warn('swap failed; previous instance kept', { ...context, error: failure.message, kind: failure.kind, previous: previous?.candidate.provider ?? null });
    swap.span.setAttribute('oneiric.outcome', 'failed');
    swap.span.end();
    this.#notifySwap({ ok: false, domain: context.domain, key: context.key, provider: candidate.provider, error: failure });
    return failure;
  }

  async #completeSwap(swap: SwapInProgress, built: object, healthError: string | undefined): Promise<SwapResult> {
    const { slot, candidate, previous, context } = swap;
    const { domain, key } = slot;
    const { instances, statuses, logger } = this.#parts;
    // Only the winner is bound: its instance under the key's instance token, rebound with the
    // async API so deactivation hooks a user attached to the token can run.
    (await this.#parts.container.rebindAsync(instanceToken(domain, key))).toConstantValue(built);
    // The new instance is live now: say so before the (possibly long) drain of the old one.
    statuses.update(domain, key, {
      state: 'ready',
      currentProvider: candidate.provider,
      pendingProvider: null,
      lastError: healthError === undefined ? null : `forced past failing health check: ${healthError}`,
      lastActivatedAt: new Date().toISOString(),
    });
    if (previous !== undefined && previous.instance !== built) {
      await instances.retire(previous);
    }
    const hookContext: SwapHookContext = { candidate, instance: built, previous: previous?.instance };
    for (const hook of this.#postSwapHooks) {
      await instances.runHook(hook, hookContext, `post-swap hook of ${swap.label}`).catch((error: unknown) => {
        logger.warn('post-swap hook failed', { ...context, error: messageOf(error) });
      });
    }
    const durationMs = performance.now() - swap.started;
    statuses.recordSwap(domain, key, durationMs, true, {});
    logger.info('swapped', { ...context, previous: previous?.candidate.provider ?? null, durationMs: Math.round(durationMs) });
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
        this.#parts.logger.warn('swap listener failed', { error: messageOf(error) });
      }
    }
  }
}
