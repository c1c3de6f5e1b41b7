/** Settings of the RabbitMQ queue (`adapters.provider_settings.rabbitmq`). */
import { ArrayMaxSize, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Broker, names, declared groups, queue type, delivery limit and time limits of {@link RabbitMqQueue}.
 * @category Queue
 */
export class RabbitMqQueueSettings {
  /** Broker address, `amqp://user:password@host:port/vhost` (or `amqps://`); the password never appears in errors. */
  @IsString() @Matches(/^amqps?:\/\/\S+$/, { message: 'url must be an amqp:// or amqps:// URL' })
  public url = 'amqp://guest:guest@127.0.0.1:5672';

  /** Prefix of exchange and queue names: topic `orders` is exchange `${namePrefix}orders`, its group `billing` queue `${namePrefix}orders.billing`. */
  @IsString() @Matches(/^[A-Za-z0-9_-]*$/, { message: 'namePrefix may only hold letters, digits, _ and -' })
  public namePrefix = 'oneiric_';

  /**
   * Groups whose queues are declared on the first publish to a topic, so they keep messages
   * published before any of their consumers ran. RabbitMQ routes a message only to the queues
   * bound at that moment: a group neither listed here nor received from before the publish never
   * sees the message (publish then fails with `queryFailed` when no group at all is bound).
   */
  @IsString({ each: true }) @Matches(/^[A-Za-z0-9_-]{1,128}$/, { each: true, message: 'each group must match [A-Za-z0-9_-]{1,128}' }) @ArrayMaxSize(100)
  public groups: string[] = [];

  /**
   * `classic` or `quorum` (replicated, Raft-based; counts every delivery, including those of a
   * consumer that died). Applies when a group's queue is created; changing it for an existing
   * queue makes the declaration fail with `queryFailed` (PRECONDITION_FAILED).
   */
  @IsIn(['classic', 'quorum'])
  public queueType: 'classic' | 'quorum' = 'classic';

  /**
   * Most deliveries of one message: the one that would exceed it goes to the group's dead-letter
   * queue (`${queue}.dead`) instead. Quorum queues count every delivery (`x-delivery-limit`);
   * classic queues count nacks only (a consumer that died unacknowledged is not counted).
   */
  @IsInt() @Min(1) @Max(1_000_000)
  public maxDeliveries = 10;

  /** Most unacknowledged messages one receive holds (its consumer's prefetch); a larger `max` is lowered to it. */
  @IsInt() @Min(1) @Max(10_000)
  public prefetch = 100;

  /** Limit on establishing the connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 2_000;

  /** Limit on one broker call (declare, publisher confirm, consume, cancel), in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 2_000;

  /** After the first message of a receive arrived, how long to wait for more of the same burst, in milliseconds. */
  @IsInt() @Min(0) @Max(1_000)
  public lingerMs = 5;

  /** Longest `waitMs` a receive accepts, in milliseconds (keep it below a circuit breaker's call timeout). */
  @IsInt() @Min(0) @Max(600_000)
  public maxWaitMs = 5_000;
}
