/** Settings of the Redis cache (`adapters.provider_settings.redis`). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Where the Redis server is, the namespace of this cache, and its time limits.
 * @category Cache
 */
export class RedisCacheSettings {
  /** Server address, `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  @IsString() @Matches(/^rediss?:\/\/\S+$/, { message: 'url must be a redis:// or rediss:// URL' })
  public url = 'redis://127.0.0.1:6379';

  /** Prefix of every key this cache writes; `clear()` removes only keys under it. */
  @IsString() @Matches(/^\S+$/, { message: 'keyPrefix must be a non-empty string without spaces' })
  public keyPrefix = 'oneiric:cache:';

  /** Limit on establishing the connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 2_000;

  /** Limit on one command, in milliseconds: a slow or vanished server fails the call, it never hangs. */
  @IsInt() @Min(1) @Max(600_000)
  public commandTimeoutMs = 1_000;

  /** TTL of entries written without one, in milliseconds; 0 means no expiry. */
  @IsInt() @Min(0)
  public defaultTtlMs = 0;
}
