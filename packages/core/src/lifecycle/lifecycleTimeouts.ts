/** Time limits of each lifecycle step. */

/**
 * Milliseconds allowed for each step of activation, swap and shutdown.
 * @category Application
 */
export interface LifecycleTimeouts {
  /** Building and `init()` of a new instance. */
  readonly activationTimeoutMs: number;
  /** One `health()` call. */
  readonly healthTimeoutMs: number;
  /** One `cleanup()`/`close()`/`dispose()` call. */
  readonly cleanupTimeoutMs: number;
  /** One pre- or post-swap hook. */
  readonly hookTimeoutMs: number;
  /** Waiting for calls in flight on an old instance before cleaning it up anyway. */
  readonly drainTimeoutMs: number;
}

/**
 * Defaults, the same as the configuration's.
 * @category Application
 */
export const DEFAULT_LIFECYCLE_TIMEOUTS: LifecycleTimeouts = {
  activationTimeoutMs: 30_000,
  healthTimeoutMs: 5_000,
  cleanupTimeoutMs: 10_000,
  hookTimeoutMs: 5_000,
  drainTimeoutMs: 10_000,
};
