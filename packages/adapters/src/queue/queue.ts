/** The contract of the `queue` category: every message queue provider implements it. */

/**
 * A received message; settle it with `ack` (done) or `nack` (deliver again).
 * @category Queue
 */
export interface QueueMessage {
  /** Provider-assigned id (stream entry id, stream sequence). */
  readonly id: string;
  /** Topic it was published to. */
  readonly topic: string;
  /** The payload. */
  readonly data: Buffer;
  /** True when an earlier delivery was not acknowledged (a consumer died, or nacked it). */
  readonly redelivered: boolean;
  /**
   * The headers it was published with (see {@link PublishOptions}), including the W3C
   * `traceparent`/`tracestate` of the publisher's span when it was traced: pass them to
   * `contextFromHeaders` from `@oneiric/core` to continue the trace. Empty when there were none.
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Acknowledges the message: it will not be delivered again.
   * @throws AdapterError `ackFailed` when the message is no longer this consumer's to settle
   *   (already acknowledged, or claimed by another consumer after its ack deadline)
   */
  ack(): Promise<void>;
  /**
   * Gives the message back for redelivery, to this or another consumer of the group.
   * @throws AdapterError `ackFailed` when the message is no longer this consumer's to settle
   *   (already acknowledged or given back, or claimed by another consumer)
   */
  nack(): Promise<void>;
}

/**
 * What goes with a published payload.
 * @category Queue
 */
export interface PublishOptions {
  /**
   * Headers carried beside the payload: names `[A-Za-z0-9_-]` (1 to 64 characters), values
   * printable text, at most {@link MAX_HEADERS} of them and {@link MAX_HEADER_BYTES} in all
   * (checked by `checkHeaders`). The active trace context is added as `traceparent` and
   * `tracestate` unless given here.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Who receives, and how much.
 * @category Queue
 */
export interface ReceiveOptions {
  /** Consumer group: each message goes to one consumer of each group (a durable consumer on NATS). */
  readonly group: string;
  /** This consumer's name inside the group. */
  readonly consumer: string;
  /** Most messages to return (default 10). */
  readonly max?: number;
  /**
   * How long to wait for the first message when none is ready, in milliseconds (default 1000).
   * At most the provider's `maxWaitMs` setting (default 5000): a receive must end well before a
   * circuit breaker's call timeout (10 s by default), or the breaker counts it as failed and the
   * messages it took are not returned (they are delivered again only after the ack deadline).
   */
  readonly waitMs?: number;
}

/**
 * A durable message queue with consumer groups and explicit acknowledgement: a message stays
 * pending until acknowledged; one whose consumer dies unacknowledged is delivered again to
 * another consumer of the group. Every method is async so a circuit breaker can guard it.
 * @category Queue
 */
export interface Queue {
  /**
   * Publishes a payload with headers (and the active trace context); returns the message id.
   * @throws AdapterError `invalidArgument` for a bad topic or bad headers
   */
  publish(topic: string, data: string | Uint8Array, options?: PublishOptions): Promise<string>;
  /**
   * Receives up to `max` messages for the group: first those left pending by a dead consumer,
   * then new ones. Returns an empty array when nothing came within `waitMs`.
   * @throws AdapterError `invalidArgument` for a bad name, `max` below 1, or `waitMs` negative or
   *   above the provider's `maxWaitMs` (default 5000 ms)
   */
  receive(topic: string, options: ReceiveOptions): Promise<QueueMessage[]>;
}
