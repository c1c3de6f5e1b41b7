/** The optional methods a provider may implement, and the swap hooks an application may add. */
import type { Candidate } from './candidate.js';

/**
 * Methods Oneiric calls on a provider instance when present: `init(settings)` after it is built,
 * `health()` before it goes live and on probes (false or a throw means unhealthy), and the first
 * of `cleanup()`, `close()` or `dispose()` after it stops being live.
 * @category Models
 */
export interface ProviderLifecycle {
  /** Prepares the instance (connect, warm up); awaited with the activation timeout. */
  init?(settings: object): unknown;
  /** Reports whether the instance can serve; awaited with the health timeout. */
  health?(): unknown;
  /** Releases what the instance holds; awaited with the cleanup timeout. */
  cleanup?(): unknown;
}

/**
 * What swap hooks receive.
 * @category Models
 */
export interface SwapHookContext {
  /** The candidate being activated. */
  readonly candidate: Candidate;
  /** The new instance. */
  readonly instance: object;
  /** The instance it replaces, or undefined on first activation. */
  readonly previous: object | undefined;
}

/**
 * A hook run before the flip (a throw aborts the swap) or after it (a throw is logged).
 * @category Models
 */
export type SwapHook = (context: SwapHookContext) => unknown;
