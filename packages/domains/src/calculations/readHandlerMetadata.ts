/** Normalises an event candidate's metadata into a handler description (a pure calculation). */
import type { Candidate } from '@oneiric/core';
import { compileFilters } from './compileFilters.js';
import type { EventEnvelope } from '../models/eventEnvelope.js';
import type { EventFilter } from '../models/eventFilter.js';
import type { EventHandlerMetadata, FanoutPolicy } from '../models/eventHandlerMetadata.js';
import { normaliseRetryPolicy, normaliseTimeoutMs, type CompleteRetryPolicy } from './normaliseRetryPolicy.js';

/**
 * Time allowed for one `handle` call when the metadata sets no `timeoutMs`, in milliseconds.
 * @category Calculations
 */
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

/**
 * A handler as dispatch sees it.
 * @category Calculations
 */
export interface HandlerSpec {
  /** `key:provider`. */
  readonly name: string;
  /** The candidate behind it. */
  readonly candidate: Candidate;
  /** Topics handled; undefined means all. */
  readonly topics: ReadonlySet<string> | undefined;
  /** Filters, all of which must hold. */
  readonly filters: readonly EventFilter[];
  /** The filters compiled into one predicate. */
  readonly accepts: (envelope: EventEnvelope) => boolean;
  /** Order (higher first). */
  readonly priority: number;
  /** Broadcast or exclusive. */
  readonly fanout: FanoutPolicy;
  /** Retry policy, every field present and within range. */
  readonly retry: CompleteRetryPolicy;
  /** Time allowed for one `handle` call, in milliseconds; a call taking longer is a failed attempt. */
  readonly timeoutMs: number;
  /** What a timeout names: `event handler <key>:<provider>`. */
  readonly timeoutLabel: string;
  /** Calls at once (at least 1). */
  readonly maxConcurrency: number;
  /** True when the provider is not its key's winner but joined through `fanOut`. */
  readonly isFanOut: boolean;
}

/**
 * The handler description of `candidate`; malformed fields fall back to their defaults. Retry
 * numbers and `timeoutMs` are clamped into range; one of the wrong type (`attempts: 'three'`)
 * takes its default and is reported through `onInvalid` (the event bridge logs a warning naming
 * the provider) rather than thrown, so that dispatch never fails because of a handler.
 * @category Calculations
 */
export function readHandlerMetadata(candidate: Candidate, isFanOut: boolean, onInvalid?: (fields: readonly string[]) => void): HandlerSpec {
  const metadata = candidate.metadata as EventHandlerMetadata;
  const topics = Array.isArray(metadata.topics) ? new Set(metadata.topics.filter((topic) => typeof topic === 'string')) : undefined;
  const maxConcurrency = typeof metadata.maxConcurrency === 'number' && metadata.maxConcurrency >= 1 ? Math.floor(metadata.maxConcurrency) : 1;
  const filters = Array.isArray(metadata.filters) ? metadata.filters : [];
  const { policy: retry, invalid } = normaliseRetryPolicy(metadata.retry);
  const timeoutMs = normaliseTimeoutMs(metadata.timeoutMs, DEFAULT_HANDLER_TIMEOUT_MS, 'timeoutMs', invalid);
  if (invalid.length > 0) {
    onInvalid?.(invalid);
  }
  const name = `${candidate.key}:${candidate.provider}`;
  return {
    name,
    candidate,
    topics,
    filters,
    accepts: compileFilters(filters),
    priority: typeof metadata.eventPriority === 'number' ? metadata.eventPriority : candidate.priority,
    fanout: metadata.fanout === 'exclusive' ? 'exclusive' : 'broadcast',
    retry,
    timeoutMs,
    timeoutLabel: `event handler ${name}`,
    maxConcurrency,
    isFanOut,
  };
}
