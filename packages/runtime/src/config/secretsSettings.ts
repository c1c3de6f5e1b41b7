/** The `secrets` settings section: the runtime's cache over the live secrets adapter. */
import { IsArray, IsInt, IsString, Max, Min } from 'class-validator';

const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * How long fetched secrets are kept and how often they are fetched again.
 * @category Configuration
 */
export class SecretsSettings {
  /** How long a fetched secret is served from the cache, in milliseconds. */
  @IsInt()
  @Min(0)
  @Max(LONGEST_TIMER_MS)
  public cache_ttl_ms = 300_000;

  /** Fetch the known secrets again this often, in milliseconds; 0 turns the refresh off. */
  @IsInt()
  @Min(0)
  @Max(LONGEST_TIMER_MS)
  public refresh_interval_ms = 0;

  /** Secrets fetched at start and by each refresh (names as the secrets adapter knows them). */
  @IsArray()
  @IsString({ each: true })
  public names: string[] = [];
}
