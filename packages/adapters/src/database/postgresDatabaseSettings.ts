/** Settings of the PostgreSQL database (`adapters.provider_settings.postgres`). */
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Server, pool size and time limits of {@link PostgresDatabase}.
 * @category Database
 */
export class PostgresDatabaseSettings {
  /** `postgres://user[:password]@host:port/database`. */
  @IsString() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'url must be a postgres:// URL' })
  public url = 'postgres://postgres@127.0.0.1:5432/postgres';

  /** Most connections the pool opens. */
  @IsInt() @Min(1) @Max(1_000)
  public maxConnections = 10;

  /** Limit on opening a connection (or waiting for a free one), in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 5_000;

  /** Limit on one statement, enforced by the client and by the server (`statement_timeout`). */
  @IsInt() @Min(1) @Max(3_600_000)
  public queryTimeoutMs = 30_000;

  /** An idle connection is closed after this many milliseconds. */
  @IsInt() @Min(1) @Max(3_600_000)
  public idleTimeoutMs = 10_000;
}
