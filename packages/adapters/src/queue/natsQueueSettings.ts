/** Settings of the NATS JetStream queue (`adapters.provider_settings.nats`). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** Server, stream prefix, time limits and ack deadline of {@link NatsQueue}. */
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
}
