/** The event-specific fields an `@EventHandler` declares in its `metadata`. */
import type { EventFilter } from './eventFilter.js';
import type { RetryPolicy } from './retryPolicy.js';

/**
 * `broadcast`: every matching handler runs; `exclusive`: only the best exclusive handler runs.
 * @category Models
 */
export type FanoutPolicy = 'broadcast' | 'exclusive';

/**
 * Put these in `@EventHandler(key, provider, { metadata: { ... } })`. Every field is optional.
 * @example
 * ```ts
 * @EventHandler('user.created', 'mailer', {
 *   metadata: { topics: ['user.created'], filters: [{ path: 'payload.plan', anyOf: ['pro'] }], maxConcurrency: 2 },
 * })
 * class WelcomeMailer { async handle(event: EventEnvelope) { return 'sent'; } }
 * ```
 * @category Models
 */
export interface EventHandlerMetadata {
  /** Topics handled; absent means every topic. */
  readonly topics?: readonly string[];
  /** Conditions that must all hold. */
  readonly filters?: readonly EventFilter[];
  /** Order of handlers (higher first); the candidate's priority when absent. */
  readonly eventPriority?: number;
  /** Broadcast (default) or exclusive. */
  readonly fanout?: FanoutPolicy;
  /**
   * Retries of a failed `handle`. Numbers are clamped into range; a field of the wrong type
   * takes its default and a warning naming the provider is logged.
   */
  readonly retry?: RetryPolicy;
  /**
   * Time allowed for one `handle` call, in milliseconds (default 30 000). A call taking longer
   * is a failed attempt (the retry policy applies) and its concurrency slot is freed.
   */
  readonly timeoutMs?: number;
  /** Calls of this handler running at once (default 1); more wait for a free slot. */
  readonly maxConcurrency?: number;
  /**
   * When true, this provider handles events even when it is not its key's winner: every
   * provider of the key that sets it receives the event (fan-out across providers).
   */
  readonly fanOut?: boolean;
}
