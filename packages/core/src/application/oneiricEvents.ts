/** The events an application emits, in the spirit of OpenFeature's provider events. */
import type { LifecycleError } from '../errors/lifecycleError.js';
import type { SwapResult } from '../lifecycle/swapTypes.js';
import type { AdmissionState } from '../models/admissionState.js';
import type { Domain } from '../models/domain.js';
import type { OneiricLogger } from '../logging/createLogger.js';
import { messageOf } from '../errors/messageOf.js';

/** A key named by domain and key. @category Application */
export interface KeyRef {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
}

/** A provider of a key. @category Application */
export interface ProviderRef extends KeyRef {
  /** The provider. */
  readonly provider: string;
}

/**
 * Every event of {@link Oneiric.on} with its payload.
 * @category Application
 */
export interface OneiricEventMap {
  /** `start()` finished: every key's winner was attempted; `failedKeys` lists those that failed. */
  readonly ready: { readonly activeKeys: number; readonly failedKeys: readonly KeyRef[] };
  /** A swap (or first activation) flipped a key to a new instance. */
  readonly swapped: SwapResult;
  /** A swap failed before the flip; the previous instance is still live. */
  readonly swapFailed: ProviderRef & { readonly error: LifecycleError };
  /** A key's live instance was taken out of service without a replacement. */
  readonly deactivated: KeyRef;
  /** A provider's circuit opened: it counts as unhealthy and its key fails over. */
  readonly breakerOpened: ProviderRef;
  /** A provider's circuit half-opened: its key may fail back. */
  readonly breakerHalfOpened: ProviderRef;
  /** A provider's circuit closed: it is healthy again. */
  readonly breakerClosed: ProviderRef;
  /** A key's candidates, health or selection changed, so its winner may have changed. */
  readonly keyChanged: KeyRef;
  /** A key was opened, paused or drained (`Oneiric.setAdmission`); `note` says why, or is null. */
  readonly admissionChanged: KeyRef & { readonly state: AdmissionState; readonly previous: AdmissionState; readonly note: string | null };
  /** `close()` finished: every instance was cleaned up. */
  readonly closed: Record<string, never>;
}

/** The name of an application event. @category Application */
export type OneiricEventName = keyof OneiricEventMap;

/** A listener of one event. @category Application */
export type OneiricEventListener<E extends OneiricEventName> = (payload: OneiricEventMap[E]) => void;

/**
 * Listeners by event. A listener that throws is logged and never disturbs the emitter or the
 * other listeners: an observer must not be able to fail a swap.
 */
export class OneiricEvents {
  readonly #listeners = new Map<OneiricEventName, Set<(payload: never) => void>>();
  readonly #logger: OneiricLogger;

  public constructor(logger: OneiricLogger) {
    this.#logger = logger;
  }

  /** Adds a listener; returns the function that removes it. */
  public on<E extends OneiricEventName>(event: E, listener: OneiricEventListener<E>): () => void {
    let listeners = this.#listeners.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(event, listeners);
    }
    listeners.add(listener as (payload: never) => void);
    return () => listeners.delete(listener as (payload: never) => void);
  }

  /** Calls every listener of `event` with `payload`. */
  public emit<E extends OneiricEventName>(event: E, payload: OneiricEventMap[E]): void {
    const listeners = this.#listeners.get(event);
    if (listeners === undefined) {
      return;
    }
    for (const listener of listeners) {
      try {
        (listener as OneiricEventListener<E>)(payload);
      } catch (error) {
        this.#logger.warn('event listener failed', { event, error: messageOf(error) });
      }
    }
  }
}
