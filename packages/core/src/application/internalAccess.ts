/** The parts of an application that sibling packages reach through `@oneiric/core/internal` only. */
import type { Container } from 'inversify';
import type { AdmissionGate } from '../lifecycle/admissionGate.js';
import type { LiveSlot } from '../models/activeInstance.js';
import type { Candidate } from '../models/candidate.js';
import type { Domain } from '../models/domain.js';

/** What `@oneiric/core/internal` may hand a sibling package; never part of the public API. */
export interface OneiricInternals {
  /** The container the application binds live references in (and builds candidates with). */
  readonly container: Container;
  /** The slot a key's live reference reads, for hot paths that check what is live per call. */
  liveSlot(domain: Domain, key: string): Readonly<LiveSlot>;
  /** Per-key admission, for bridges that refuse work with the same error as live references. */
  readonly admission: AdmissionGate;
  /**
   * Builds an instance outside any key's slot the way a swap does (settings validated, `init`,
   * timeouts): for fan-out event handlers.
   */
  buildInstance(candidate: Candidate): Promise<object>;
  /** Disposes of an instance from `buildInstance` (`cleanup`, `close` or `dispose`, with the cleanup timeout); never throws. */
  disposeInstance(candidate: Candidate, instance: object): Promise<void>;
  /** Calls and failures of a guarded provider over its breaker's rolling window (the fleet's error ratio). */
  callStats(domain: Domain, key: string, provider: string): { readonly calls: number; readonly failures: number } | undefined;
}

// A WeakMap instead of a public field: the facade's parts stay unreachable from its object graph.
const internalsByApp = new WeakMap<object, OneiricInternals>();

/** Records an application's internals (called by its constructor). */
export function registerInternals(app: object, internals: OneiricInternals): void {
  internalsByApp.set(app, internals);
}

/**
 * The internals of an application built by this copy of the package.
 * @throws TypeError when `app` is not such an application
 */
export function internalsOf(app: object): OneiricInternals {
  const internals = internalsByApp.get(app);
  if (internals === undefined) {
    throw new TypeError('not an Oneiric application of this copy of @oneiric/core');
  }
  return internals;
}
