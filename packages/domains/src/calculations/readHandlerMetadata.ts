/** Normalises an event candidate's metadata into a handler description (a pure calculation). */
import type { Candidate } from '@oneiric/core';
import { compileFilters } from './compileFilters.js';
import type { EventEnvelope } from '../models/eventEnvelope.js';
import type { EventFilter } from '../models/eventFilter.js';
import type { EventHandlerMetadata, FanoutPolicy } from '../models/eventHandlerMetadata.js';
import type { RetryPolicy } from '../models/retryPolicy.js';

/** A handler as dispatch sees it. */
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
  /** Retry policy. */
  readonly retry: RetryPolicy;
  /** Calls at once (at least 1). */
  readonly maxConcurrency: number;
  /** True when the provider is not its key's winner but joined through `fanOut`. */
  readonly isFanOut: boolean;
}

/** The handler description of `candidate`; malformed fields fall back to their defaults. */
export function readHandlerMetadata(candidate: Candidate, isFanOut: boolean): HandlerSpec {
  const metadata = candidate.metadata as EventHandlerMetadata;
  const topics = Array.isArray(metadata.topics) ? new Set(metadata.topics.filter((topic) => typeof topic === 'string')) : undefined;
  const maxConcurrency = typeof metadata.maxConcurrency === 'number' && metadata.maxConcurrency >= 1 ? Math.floor(metadata.maxConcurrency) : 1;
  const filters = Array.isArray(metadata.filters) ? metadata.filters : [];
  return {
    name: `${candidate.key}:${candidate.provider}`,
    candidate,
    topics,
    filters,
    accepts: compileFilters(filters),
    priority: typeof metadata.eventPriority === 'number' ? metadata.eventPriority : candidate.priority,
    fanout: metadata.fanout === 'exclusive' ? 'exclusive' : 'broadcast',
    retry: typeof metadata.retry === 'object' && metadata.retry !== null ? metadata.retry : {},
    maxConcurrency,
    isFanOut,
  };
}
