/** Settings of the SQLite database (`adapters.provider_settings.sqlite`). */
import { IsBoolean, IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/**
 * Where the database file is and how long to wait for a lock.
 * @category Database
 */
export class SqliteDatabaseSettings {
  /** Database file, or `:memory:` for a private in-memory database. */
  @IsString() @MinLength(1)
  public path = ':memory:';

  /** How long a statement waits for another connection's lock, in milliseconds. */
  @IsInt() @Min(0) @Max(600_000)
  public busyTimeoutMs = 5_000;

  /**
   * How long `cleanup` waits for queued statements and a running transaction before it closes
   * the database anyway (an unfinished transaction is then rolled back), in milliseconds.
   */
  @IsInt() @Min(1) @Max(600_000)
  public cleanupTimeoutMs = 5_000;

  /** Open read-only. */
  @IsBoolean()
  public readonly = false;
}
