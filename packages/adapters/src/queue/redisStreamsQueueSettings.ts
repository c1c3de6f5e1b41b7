/** Settings of the Redis Streams queue (`adapters.provider_settings.redis-streams`). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Server, stream prefix, time limits and the claim delay of {@link RedisStreamsQueue}.
 * @category Queue
 */
export class RedisStreamsQueueSettings {
  /** Server address, `redis://host:port[/db]`. */
  @IsString() @Matches(/^rediss?:\/\/\S+$/, { message: 'url must be a redis:// or rediss:// URL' })
  public url = 'redis://127.0.0.1:6379';

  /** Prefix of the stream keys: topic `orders` is the stream `${streamPrefix}orders`. */
  @IsString() @Matches(/^\S*$/, { message: 'streamPrefix must not contain spaces' })
  public streamPrefix = 'oneiric:queue:';

  /** Limit on establishing the connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 2_000;

  /** Limit on one command, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public commandTimeoutMs = 1_000;

  /**
   * A message pending this long without an ack is taken over (XAUTOCLAIM) by the next consumer
   * that receives: its first consumer is presumed dead. Longer than any handler takes.
   */
  @IsInt() @Min(1) @Max(86_400_000)
  public claimIdleMs = 30_000;

  /** How often an empty receive polls while it waits, in milliseconds. */
  @IsInt() @Min(1) @Max(10_000)
  public pollIntervalMs = 50;

  /**
   * Longest `waitMs` a receive accepts, in milliseconds; a longer one fails with
   * `invalidArgument`. Keep it below a circuit breaker's call timeout (10 s by default): a
   * receive the breaker abandons counts as a failure, and messages it read are not returned
   * (they are taken over after `claimIdleMs`).
   */
  @IsInt() @Min(0) @Max(600_000)
  public maxWaitMs = 5_000;

  /**
   * About how many entries a topic's stream keeps: each publish trims it (XADD `MAXLEN ~`, in
   * whole macro nodes, so a few dozen entries more may stay). Trimmed entries are gone even when a
   * group has not received or acknowledged them. 0, the default, keeps every entry.
   */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  public maxLength = 0;
}
