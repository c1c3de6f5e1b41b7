/** What an event handler receives: the topic, the payload and the headers. */

/**
 * Headers every envelope carries, plus whatever the emitter added.
 * @category Models
 */
export interface EventHeaders {
  /** Unique id of this event (UUID v4). */
  readonly eventId: string;
  /** When the event was dispatched (ISO 8601, UTC). */
  readonly timestamp: string;
  /** Who emitted it (the bridge's `source`, unless the emitter overrode it). */
  readonly source: string;
  /** Id tying together the events of one conversation, when given. */
  readonly correlationId?: string;
  /** Id of the event that caused this one, when given. */
  readonly causationId?: string;
  /**
   * W3C trace context of the span that emitted the event (set by `dispatch` when an
   * OpenTelemetry SDK is installed): handler spans are its children.
   */
  readonly traceparent?: string;
  /** W3C vendor trace state that goes with `traceparent`, when there is one. */
  readonly tracestate?: string;
  /** Any other header. */
  readonly [name: string]: unknown;
}

/**
 * An event as dispatched.
 * @category Models
 */
export interface EventEnvelope<P = unknown> {
  /** The topic (`user.created`). */
  readonly topic: string;
  /** The payload. */
  readonly payload: P;
  /** Generated headers merged with the emitter's (the emitter's win). */
  readonly headers: EventHeaders;
}
