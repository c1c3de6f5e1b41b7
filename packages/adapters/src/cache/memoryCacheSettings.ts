/** Settings of the memory cache (`adapters.provider_settings.memory`). */
import { IsInt, Max, Min } from 'class-validator';

/**
 * Size bound and default TTL of {@link MemoryCache}.
 * @category Cache
 */
export class MemoryCacheSettings {
  /** Most entries kept; the least recently used is evicted beyond it. */
  @IsInt() @Min(1) @Max(10_000_000)
  public maxEntries = 10_000;

  /** TTL of entries written without one, in milliseconds; 0 means no expiry. */
  @IsInt() @Min(0)
  public defaultTtlMs = 0;
}
