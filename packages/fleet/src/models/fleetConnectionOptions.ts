/** How to reach the fleet bucket: server, bucket, credentials and time limits. */

/**
 * TLS files (paths) for the NATS connection.
 * @category Models
 */
export interface FleetTlsFiles {
  /** CA certificate file. */
  readonly caFile?: string;
  /** Client certificate file. */
  readonly certFile?: string;
  /** Client key file. */
  readonly keyFile?: string;
}

/**
 * Connection options of the fleet client and agent. Credentials are never logged and never put
 * in an error message: only `serverAddressOf(url)` is.
 * @category Models
 */
export interface FleetConnectionOptions {
  /** `nats://host:port` (or `tls://`). */
  readonly url: string;
  /** Bucket name (`oneiric_<app name>` by default, see `defaultBucketName`). */
  readonly bucket: string;
  /** Token authentication. */
  readonly token?: string;
  /** User name (with `password`). */
  readonly user?: string;
  /** Password. */
  readonly password?: string;
  /** TLS files. */
  readonly tls?: FleetTlsFiles;
  /** Limit on connecting and on every request, in milliseconds (default 2000). */
  readonly timeoutMs?: number;
  /** Pause between reconnection attempts after the connection is lost, in milliseconds (default 500). */
  readonly reconnectWaitMs?: number;
  /** Values kept per key in the bucket when it is created (default 5). */
  readonly history?: number;
}

/**
 * Default request and connect limit.
 * @category Models
 */
export const DEFAULT_FLEET_TIMEOUT_MS = 2_000;
