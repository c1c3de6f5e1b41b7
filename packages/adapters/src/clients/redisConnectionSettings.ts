/** The connection part of every Redis-backed provider's settings. */

/** What {@link connectRedis} needs to open a connection. */
export interface RedisConnectionSettings {
  /** Server address (`redis://host:port/db`). */
  readonly url: string;
  /** Limit on establishing the connection, in milliseconds. */
  readonly connectTimeoutMs: number;
  /** Limit on one command, in milliseconds; 0 for none (blocking reads). */
  readonly commandTimeoutMs: number;
}
