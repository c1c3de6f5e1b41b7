/** A built, initialised instance of a key, with the count of calls running on it. */
import type { AdmissionCell } from './admissionState.js';
import type { Candidate } from './candidate.js';

/** A guard around calls of one instance (a circuit breaker): may refuse calls and counts outcomes. */
export interface CallGuard {
  /** The error to fail a call with right now (e.g. circuit open), or undefined to let it run. */
  refusal(): Error | undefined;
  /** Follows a call's promise so its success or failure (and duration) is counted. */
  settle(call: Promise<unknown>): Promise<unknown>;
}

/** One live (or draining) instance of a key. */
export interface ActiveInstance {
  /** The candidate it was built from. */
  readonly candidate: Candidate;
  /** The instance itself. */
  readonly instance: object;
  /** Order of activation across the application; shutdown runs in reverse. */
  readonly activationOrder: number;
  /** When it was activated (ISO 8601). */
  readonly activatedAt: string;
  /** Guard of its calls through live references, if its key is guarded. */
  readonly guard: CallGuard | undefined;
  /** Calls made through live references that have not settled yet. */
  inFlight: number;
  /** Set while a drain waits for `inFlight` to reach 0. */
  onIdle: (() => void) | undefined;
  /** Set when the instance is being cleaned up: calls through methods read earlier are refused. */
  retired: boolean;
  /** Methods wrapped for in-flight tracking, per property, with the function they wrap. */
  readonly trackedMethods: Map<PropertyKey, { readonly original: unknown; readonly tracked: unknown }>;
}

/** Where a live reference looks for the key's current instance. */
export interface LiveSlot {
  /** `domain:key`, for messages. */
  readonly label: string;
  /** The current instance, or undefined before activation and after close. */
  active: ActiveInstance | undefined;
  /** Whether the key lets new calls in; always open when absent. */
  readonly admission?: AdmissionCell;
}
