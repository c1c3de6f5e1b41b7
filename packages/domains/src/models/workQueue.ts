/**
 * The queue the bridges put work on, as a structural type: the `adapter:queue` contract of
 * `@oneiric/adapters` (which the domains package does not import) satisfies it.
 */

/**
 * A received message; settled with `ack` (done) or `nack` (deliver again).
 * @category Models
 */
export interface WorkQueueMessage {
  /** Provider-assigned id, the same on every delivery of the message. */
  readonly id: string;
  /** Topic it was published to. */
  readonly topic: string;
  /** The payload. */
  readonly data: Uint8Array;
  /** True when an earlier delivery was not acknowledged (its consumer died, or gave it back). */
  readonly redelivered: boolean;
  /** Headers published with it, e.g. `traceparent` (absent on queues without headers). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Acknowledges the message: it will not be delivered again. */
  ack(): Promise<void>;
  /** Gives the message back for redelivery. */
  nack(): Promise<void>;
}

/**
 * Who receives, and how much.
 * @category Models
 */
export interface WorkReceiveOptions {
  /** Consumer group: each message goes to one consumer of the group. */
  readonly group: string;
  /** This consumer's name inside the group. */
  readonly consumer: string;
  /** Most messages to return. */
  readonly max?: number;
  /** How long to wait for a first message, in milliseconds. */
  readonly waitMs?: number;
}

/**
 * A durable queue with consumer groups and explicit acknowledgement.
 * @category Models
 */
export interface WorkQueue {
  /** Publishes a payload with headers (e.g. the publisher's `traceparent`); returns the message id. */
  publish(topic: string, data: string | Uint8Array, options?: { readonly headers?: Readonly<Record<string, string>> }): Promise<string>;
  /** Receives up to `max` messages for the group (first those a dead consumer left pending). */
  receive(topic: string, options: WorkReceiveOptions): Promise<WorkQueueMessage[]>;
}
