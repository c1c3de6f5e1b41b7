/** The bridge of the `event` domain: dispatches an event to every matching handler and reports each outcome. */
import { performance } from 'node:perf_hooks';
import { backoffDelay, contextFromHeaders, createSilentLogger, inSpan, isTracing, SpanAttribute, traceHeaders, withTimeout, type Candidate, type Oneiric, type OneiricLogger } from '@oneiric/core';
import { internalsOf, messageOf, type Context, type LiveSlot } from '@oneiric/core/internal';
import { handlersForTopic } from '../calculations/handlersForTopic.js';
import { isRefusal } from '../calculations/isRefusal.js';
import { readHandlerMetadata, type HandlerSpec } from '../calculations/readHandlerMetadata.js';
import { selectHandlers } from '../calculations/selectHandlers.js';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { EventEnvelope, EventHeaders } from '../models/eventEnvelope.js';
import type { EventHandlerMetadata } from '../models/eventHandlerMetadata.js';
import type { HandlerResult } from '../models/handlerResult.js';
import { followDomainMeters } from '../telemetry/domainMeters.js';
import { traceHandlerRun } from '../telemetry/traceHandlerRun.js';
import type { ActivityStore } from './activityStore.js';
import { ConcurrencyLimit } from './concurrencyLimit.js';
import { DomainBridge } from './domainBridge.js';
import { EventIdSequence } from './eventIdSequence.js';

/**
 * The contract of an event handler provider.
 * @category Bridges and services
 */
export interface EventHandlerInstance {
  /** Handles one event; what it returns is the result's `value`. */
  handle(envelope: EventEnvelope): unknown;
}

// What the fast path needs per handler, found once: the key's live slot, its limit, its
// reference, and the reference's `handle` for the instance it was read from (a tracked method:
// it counts the call in flight and refuses once that instance is retired).
interface FastPath {
  readonly slot: Readonly<LiveSlot>;
  readonly limit: ConcurrencyLimit;
  readonly live: Partial<EventHandlerInstance>;
  active: LiveSlot['active'];
  handle: ((envelope: EventEnvelope) => unknown) | undefined;
}

/**
 * Options of an {@link EventBridge}.
 * @category Bridges and services
 */
export interface EventBridgeOptions {
  /** The `source` header of dispatched events (default `oneiric`). */
  readonly source?: string;
  /** Logger for failed handlers. */
  readonly logger?: OneiricLogger;
}

/**
 * Headers an emitter may pass; `correlationId` and `causationId` are carried over.
 * @category Bridges and services
 */
export type EmitHeaders = Readonly<Record<string, unknown>>;

/**
 * Dispatches events. The handlers are each event key's winner plus every other provider of
 * the key that declares `fanOut: true`; each declares topics, filters, priority, fan-out
 * policy, retries and `maxConcurrency` in its metadata (see {@link EventHandlerMetadata}).
 * Handlers run concurrently; calls beyond a handler's `maxConcurrency` wait for a slot. A
 * handler's failure of any kind (also a thrown non-Error, a missing `handle`, a paused key)
 * becomes that handler's failed result and never stops the others.
 * @category Bridges and services
 */
export class EventBridge extends DomainBridge {
  readonly #source: string;
  readonly #logger: OneiricLogger;
  readonly #limits = new Map<string, ConcurrencyLimit>();
  readonly #fastPaths = new Map<HandlerSpec, FastPath>();
  readonly #fanOutInstances = new Map<Candidate, Promise<object>>();
  #handlers: HandlerSpec[] | undefined;
  readonly #eventIds = new EventIdSequence();
  #timestampMs = 0;
  #timestamp = '';
  readonly #byTopic = new Map<string, HandlerSpec[]>();
  readonly #unsubscribe: () => void;
  readonly #meters = followDomainMeters();
  // Attribute objects of the dispatch counter, one per topic: no allocation per event.
  readonly #topicAttributes = new Map<string, { readonly topic: string }>();

  /**
   * @param app - the application
   * @param activity - the shared pause/drain store
   * @param options - source header and logger
   */
  public constructor(app: Oneiric, activity: ActivityStore, options: EventBridgeOptions = {}) {
    super('event', app, activity);
    this.#source = options.source ?? 'oneiric';
    this.#logger = options.logger ?? createSilentLogger();
    // Registration, selection and health changes may change the handler set: rebuild lazily.
    this.#unsubscribe = app.on('keyChanged', ({ domain }) => {
      if (domain === 'event') {
        this.#handlers = undefined;
        this.#byTopic.clear();
        this.#fastPaths.clear();
      }
    });
  }

  /** Every handler, as dispatch sees them (winner of each key, plus fan-out providers). */
  public handlers(): readonly HandlerSpec[] {
    this.#handlers ??= this.#collectHandlers();
    return this.#handlers;
  }

  /** The envelope `dispatch` would build: generated headers, then the emitter's (which win). */
  public envelope<P>(topic: string, payload: P, headers?: EmitHeaders): EventEnvelope<P> {
    // Formatting a timestamp costs more than the rest of the envelope: reuse it within a millisecond.
    const nowMs = Date.now();
    if (nowMs !== this.#timestampMs) {
      this.#timestampMs = nowMs;
      this.#timestamp = new Date(nowMs).toISOString();
    }
    const generated: EventHeaders = { eventId: this.#eventIds.next(), timestamp: this.#timestamp, source: this.#source };
    return { topic, payload, headers: headers === undefined ? generated : { ...generated, ...headers } as EventHeaders };
  }

  /**
   * Builds the envelope and runs every matching handler; resolves to one result per handler,
   * in handler order (priority descending). Never rejects because of a handler.
   */
  public dispatch(topic: string, payload: unknown, headers?: EmitHeaders): Promise<HandlerResult[]> {
    // The traced path lives in its own method: a closure here would cost every untraced dispatch a context allocation.
    return isTracing() ? this.#dispatchTraced(topic, payload, headers) : this.#dispatchTo(this.envelope(topic, payload, headers), undefined);
  }

  #dispatchTraced(topic: string, payload: unknown, headers: EmitHeaders | undefined): Promise<HandlerResult[]> {
    // The emitter's span: a child of the caller's span, or of a trace context the emitter's headers carry.
    return inSpan('oneiric.event.dispatch', { kind: 'producer', parent: contextFromHeaders(headers), attributes: { [SpanAttribute.domain]: 'event', [SpanAttribute.topic]: topic } }, (span) => {
      // Its context travels in the envelope, so each handler's span is its child wherever the envelope goes.
      const envelope = this.envelope(topic, payload, { ...headers, ...traceHeaders() });
      span.setAttribute(SpanAttribute.eventId, envelope.headers.eventId);
      return this.#dispatchTo(envelope, contextFromHeaders(envelope.headers));
    });
  }

  /**
   * Dispatches an envelope built elsewhere (e.g. received from a queue); each handler's span
   * is a child of the span its `traceparent` header names, if any.
   */
  public dispatchEnvelope(envelope: EventEnvelope): Promise<HandlerResult[]> {
    return this.#dispatchTo(envelope, isTracing() ? contextFromHeaders(envelope.headers) : undefined);
  }

  // `parent` is the context handler spans start in; undefined while tracing is off (no span at all).
  #dispatchTo(envelope: EventEnvelope, parent: Context | undefined): Promise<HandlerResult[]> {
    let attributes = this.#topicAttributes.get(envelope.topic);
    if (attributes === undefined) {
      attributes = { topic: envelope.topic };
      this.#topicAttributes.set(envelope.topic, attributes);
    }
    this.#meters().eventsDispatched.add(1, attributes);
    let ofTopic = this.#byTopic.get(envelope.topic);
    if (ofTopic === undefined) {
      ofTopic = handlersForTopic(this.handlers(), envelope.topic);
      this.#byTopic.set(envelope.topic, ofTopic);
    }
    if (ofTopic.length === 1) {
      // One handler for the topic (the common case): no selection arrays to build.
      const only = ofTopic[0]!;
      if (!only.accepts(envelope)) {
        return Promise.resolve([]);
      }
      const started = performance.now();
      const result = parent === undefined ? this.#startHandler(only, envelope, started) : this.#startTraced(only, envelope, started, parent);
      return result instanceof Promise ? result.then((settled) => [settled]) : Promise.resolve([result]);
    }
    const selected = selectHandlers(ofTopic, envelope);
    // One clock read for all handlers: each duration runs from the dispatch to that handler's outcome.
    const started = selected.length === 0 ? 0 : performance.now();
    const results: Array<HandlerResult | Promise<HandlerResult>> = new Array<HandlerResult | Promise<HandlerResult>>(selected.length);
    let isPending = false;
    for (let index = 0; index < selected.length; index += 1) {
      const handler = selected[index]!;
      // No closure in this loop: it would allocate a context per handler on the untraced path too.
      const result = parent === undefined ? this.#startHandler(handler, envelope, started) : this.#startTraced(handler, envelope, started, parent);
      isPending ||= result instanceof Promise;
      results[index] = result;
    }
    return isPending ? Promise.all(results) : Promise.resolve(results as HandlerResult[]);
  }

  /** Cleans up fan-out instances built by this bridge and stops following registry changes. */
  public async close(): Promise<void> {
    this.#unsubscribe();
    const instances = [...this.#fanOutInstances.entries()];
    this.#fanOutInstances.clear();
    // Disposed of as core disposes of a swapped-out instance (cleanup, close or dispose, with its timeout).
    for (const [candidate, pending] of instances) {
      const instance = await pending.catch(() => undefined);
      if (instance !== undefined) {
        await internalsOf(this.app).disposeInstance(candidate, instance);
      }
    }
  }

  #collectHandlers(): HandlerSpec[] {
    const handlers: HandlerSpec[] = [];
    for (const key of this.app.keys('event')) {
      const winner = this.app.resolve('event', key);
      if (winner !== undefined) {
        handlers.push(readHandlerMetadata(winner, false, (fields) => this.#warnInvalid(winner, fields)));
      }
      for (const candidate of this.app.candidates('event', key)) {
        if (candidate !== winner && (candidate.metadata as EventHandlerMetadata).fanOut === true) {
          handlers.push(readHandlerMetadata(candidate, true, (fields) => this.#warnInvalid(candidate, fields)));
        }
      }
    }
    return handlers;
  }

  #warnInvalid(candidate: Candidate, fields: readonly string[]): void {
    this.#logger.warn('event handler metadata has invalid fields; using their defaults', { domain: 'event', key: candidate.key, provider: candidate.provider, fields: fields.join(', ') });
  }

  #limitOf(handler: HandlerSpec): ConcurrencyLimit {
    let limit = this.#limits.get(handler.name);
    if (limit === undefined || limit.max !== handler.maxConcurrency) {
      limit = new ConcurrencyLimit(handler.maxConcurrency);
      this.#limits.set(handler.name, limit);
    }
    return limit;
  }

  #startTraced(handler: HandlerSpec, envelope: EventEnvelope, started: number, parent: Context): HandlerResult | Promise<HandlerResult> {
    return traceHandlerRun(handler, envelope, parent, () => this.#startHandler(handler, envelope, started));
  }

  // The common case without a promise of our own: a free slot, the winner live, not refused, and
  // a first attempt that succeeds. Anything else (waiting, activation, failure, retries) takes
  // the general path, which is where the extra cost belongs.
  #startHandler(handler: HandlerSpec, envelope: EventEnvelope, started: number): HandlerResult | Promise<HandlerResult> {
    if (handler.isFanOut) {
      return this.#runHandler(handler, envelope, started);
    }
    const { key } = handler.candidate;
    let fast = this.#fastPaths.get(handler);
    if (fast === undefined) {
      fast = { slot: internalsOf(this.app).liveSlot('event', key), limit: this.#limitOf(handler), live: this.app.use<Partial<EventHandlerInstance>>('event', key), active: undefined, handle: undefined };
      this.#fastPaths.set(handler, fast);
    }
    const active = fast.slot.active;
    // Any pause or drain state (of the store or of the application's admission) takes the general path, which refuses.
    if (active?.candidate !== handler.candidate || this.activity.get('event', key) !== undefined || (fast.slot.admission !== undefined && fast.slot.admission.state !== 'open')) {
      return this.#runHandler(handler, envelope, started);
    }
    if (fast.active !== active) {
      // Read through the reference once per instance, not once per event (a proxy trap and a lookup).
      const handle = fast.live.handle;
      fast.active = active;
      fast.handle = typeof handle === 'function' ? handle : undefined;
    }
    const { limit, handle } = fast;
    if (handle === undefined || !limit.tryAcquire()) {
      return this.#runHandler(handler, envelope, started);
    }
    let value: unknown;
    try {
      value = handle(envelope);
    } catch (error) {
      limit.release();
      // The general path retries (or reports) from the first attempt's failure on.
      return this.#runHandler(handler, envelope, started, { attempts: 1, error });
    }
    if (typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function') {
      // Only an asynchronous handler can overrun its time limit: a synchronous one costs no timer.
      return withTimeout(value, handler.timeoutMs, handler.timeoutLabel).then(
        (resolved) => {
          limit.release();
          return { handler: handler.name, success: true, value: resolved, attempts: 1, durationMs: performance.now() - started };
        },
        (error: unknown) => {
          limit.release();
          return this.#runHandler(handler, envelope, started, { attempts: 1, error });
        },
      );
    }
    limit.release();
    return { handler: handler.name, success: true, value, attempts: 1, durationMs: performance.now() - started };
  }

  async #runHandler(handler: HandlerSpec, envelope: EventEnvelope, started: number, previous?: { attempts: number; error: unknown }): Promise<HandlerResult> {
    const attemptsAllowed = handler.retry.attempts;
    let attempts = previous?.attempts ?? 0;
    let lastError: unknown = previous?.error;
    const limit = this.#limitOf(handler);
    for (;;) {
      if (attempts > 0) {
        // Neither a refused key (paused, draining) nor a bridge error (missing handle) gets better by retrying.
        const isFinal = isRefusal(lastError) || (lastError instanceof DomainError && lastError.kind !== DomainErrorKind.noCandidate);
        if (attempts >= attemptsAllowed || isFinal) {
          this.#logger.warn('event handler failed', { domain: 'event', key: handler.candidate.key, provider: handler.candidate.provider, topic: envelope.topic, attempts, error: messageOf(lastError) });
          this.#meters().eventHandlerFailures.add(1, { key: handler.candidate.key, topic: envelope.topic });
          return { handler: handler.name, success: false, error: messageOf(lastError), attempts, durationMs: performance.now() - started };
        }
        await sleep(backoffDelay(attempts, handler.retry, Math.random()));
      }
      if (!limit.tryAcquire()) {
        await limit.acquire();
      }
      attempts += 1;
      try {
        const instance = await this.#instanceOf(handler);
        // A call past its time limit is a failed attempt; its slot is freed below even though it may still run.
        const value: unknown = await withTimeout(instance.handle(envelope), handler.timeoutMs, handler.timeoutLabel);
        return { handler: handler.name, success: true, value, attempts, durationMs: performance.now() - started };
      } catch (error) {
        lastError = error;
      } finally {
        limit.release();
      }
    }
  }

  // The winner goes through the key's live instance (activated on first use); fan-out providers get their own instance.
  async #instanceOf(handler: HandlerSpec): Promise<EventHandlerInstance> {
    const { key } = handler.candidate;
    this.assertAccepting(key);
    let instance: object;
    if (handler.isFanOut) {
      let pending = this.#fanOutInstances.get(handler.candidate);
      if (pending === undefined) {
        pending = internalsOf(this.app).buildInstance(handler.candidate);
        this.#fanOutInstances.set(handler.candidate, pending);
        pending.catch(() => this.#fanOutInstances.delete(handler.candidate));
      }
      instance = await pending;
    } else {
      // Through the live reference, so a swap of the key drains this call before cleaning up.
      instance = this.app.active('event', key) === handler.candidate
        ? this.app.use<object>('event', key)
        : await this.use<object>(key, { provider: handler.candidate.provider });
    }
    if (typeof (instance as Partial<EventHandlerInstance>).handle !== 'function') {
      throw new DomainError(DomainErrorKind.missingMethod, `Event handler ${handler.name} has no handle() method`, { domain: 'event', key, provider: handler.candidate.provider });
    }
    return instance as EventHandlerInstance;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
