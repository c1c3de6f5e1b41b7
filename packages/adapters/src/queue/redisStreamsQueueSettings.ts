/** Settings of the Redis Streams queue (`adapters.provider_settings.redis-streams`). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** Server, stream prefix, time limits and the claim delay of {@link RedisStreamsQueue}. */
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
}
