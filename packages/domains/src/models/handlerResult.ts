/** The outcome of one handler for one dispatched event. */

/**
 * One per handler that accepted the event, in handler order.
 * @category Models
 */
export interface HandlerResult {
  /** `key:provider` of the handler. */
  readonly handler: string;
  /** True when `handle` returned (or resolved). */
  readonly success: boolean;
  /** What `handle` returned, when it succeeded. */
  readonly value?: unknown;
  /** The last error's message, when it failed. */
  readonly error?: string;
  /** Attempts made, retries included. */
  readonly attempts: number;
  /** Time from the dispatch to the outcome (waiting for a concurrency slot and retries included), in milliseconds. */
  readonly durationMs: number;
}
