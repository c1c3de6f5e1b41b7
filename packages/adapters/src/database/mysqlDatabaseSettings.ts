/** Settings of the MySQL/MariaDB database (`adapters.provider_settings.mysql`). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Server, pool size and time limits of {@link MysqlDatabase}.
 * @category Database
 */
export class MysqlDatabaseSettings {
  /** `mysql://user[:password]@host:port/database`. */
  @IsString() @Matches(/^(mysql|mariadb):\/\/\S+$/, { message: 'url must be a mysql:// URL' })
  public url = 'mysql://root@127.0.0.1:3306/test';

  /** Most connections the pool opens. */
  @IsInt() @Min(1) @Max(1_000)
  public maxConnections = 10;

  /** Limit on opening a connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 5_000;

  /**
   * Most callers waiting for a pooled connection while all `maxConnections` are busy; one more
   * is refused at once (`AdapterError` `timeout`) rather than queued without bound. Each waiter
   * also gives up after `connectTimeoutMs`.
   */
  @IsInt() @Min(1) @Max(1_000_000)
  public queueLimit = 1_000;

  /** Limit on one statement, in milliseconds. */
  @IsInt() @Min(1) @Max(3_600_000)
  public queryTimeoutMs = 30_000;

  /** An idle connection is closed after this many milliseconds. */
  @IsInt() @Min(1) @Max(3_600_000)
  public idleTimeoutMs = 10_000;
}
