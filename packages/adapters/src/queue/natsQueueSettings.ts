/** Settings of the NATS JetStream queue (`adapters.provider_settings.nats`). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Server, stream prefix, time limits and ack deadline of {@link NatsQueue}.
 * @category Queue
 */
export class NatsQueueSettings {
  /** Server address, `nats://host:port`. */
  @IsString() @Matches(/^(nats|tls):\/\/\S+$/, { message: 'url must be a nats:// or tls:// URL' })
  public url = 'nats://127.0.0.1:4222';

  /** Prefix of stream names and subjects: topic `orders` is stream and subject `${streamPrefix}orders`. */
  @IsString() @Matches(/^[A-Za-z0-9_-]*$/, { message: 'streamPrefix may only hold letters, digits, _ and -' })
  public streamPrefix = 'oneiric_';

  /** Limit on establishing the connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 2_000;

  /** Limit on one JetStream request (publish, stream and consumer management), in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 2_000;

  /** A delivered message not acknowledged within this time is delivered again (JetStream `ack_wait`). */
  @IsInt() @Min(100) @Max(86_400_000)
  public ackWaitMs = 30_000;

  /**
   * Most deliveries of one message (JetStream `max_deliver`): a message that is never
   * acknowledged in time (its handler always fails or always outlasts `ackWaitMs`) stops being
   * redelivered after this many attempts instead of looping forever. Applies when the group's
   * durable consumer is created.
   */
  @IsInt() @Min(1) @Max(1_000_000)
  public maxDeliver = 10;

  /** How often an empty receive polls while it waits, in milliseconds. */
  @IsInt() @Min(1) @Max(10_000)
  public pollIntervalMs = 50;

  /**
   * Longest `waitMs` a receive accepts, in milliseconds; a longer one fails with
   * `invalidArgument`. Keep it below a circuit breaker's call timeout (10 s by default): a
   * receive the breaker abandons counts as a failure, and messages it fetched are not returned
   * (they come back after `ackWaitMs`).
   */
  @IsInt() @Min(0) @Max(600_000)
  public maxWaitMs = 5_000;

  /**
   * Pause between reconnection attempts after the connection is lost, in milliseconds (nats.js
   * adds up to 100 ms of jitter). The client retries for as long as the queue is not cleaned up,
   * so it comes back after an outage of any length; calls made meanwhile fail with `timeout`
   * after `requestTimeoutMs`.
   */
  @IsInt() @Min(10) @Max(60_000)
  public reconnectWaitMs = 500;

  /**
   * Most messages a topic's stream keeps (JetStream `max_msgs`, oldest dropped first, even when
   * a group has not received them yet); 0, the default, keeps every message. Applies when the
   * stream is created.
   */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  public maxMessages = 0;

  /**
   * Longest a topic's stream keeps a message, in milliseconds (JetStream `max_age`, acknowledged
   * or not); 0, the default, keeps messages with no age limit. Applies when the stream is created.
   */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  public maxAgeMs = 0;
}
