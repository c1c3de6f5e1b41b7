/** How a control server is built: which surface it serves, its limits, and the runtime's probes. */
import type { StatusPageSnapshot } from '../statusPage/statusPageSnapshot.js';

/**
 * Where a control server is reached. `socket`: the Unix domain socket under the cache directory
 * (file permissions are the access control, every endpoint is served). `tcp`: the HTTP listener
 * for containers (`runtime.http.*`), where only `/healthz`, `/readyz`, `/metrics` and the
 * read-only status page (`/`, `/status.json`) are open and `/v1/...` needs the admin token.
 * @category Control channel
 */
export type ControlSurface = 'socket' | 'tcp';

/**
 * What the runtime tells the open endpoints.
 * @category Control channel
 */
export interface ControlHooks {
  /** Whether the process is alive and serving (`/healthz`). */
  alive(): boolean;
  /** Whether every key is ready, none failed, and the runtime is not shutting down (`/readyz`). */
  ready(): boolean;
  /** The Prometheus text exposition of the runtime's meters (`/metrics`). */
  metricsText(): Promise<string>;
  /**
   * What the status page (`/`) and `/status.json` show; without it neither is served. Must hold
   * no secret: both are open on TCP.
   */
  statusPage?(): Promise<StatusPageSnapshot>;
}

/**
 * Options of `createControlServer`.
 * @category Control channel
 */
export interface ControlServerOptions {
  /** The surface this instance serves; build one instance per surface. */
  readonly surface: ControlSurface;
  /**
   * Bearer token that opens `/v1/...` on the `tcp` surface (`runtime.http.admin_token`). Without
   * it those endpoints answer 403 `adminDisabled` on TCP. Ignored on the socket surface.
   */
  readonly adminToken?: string;
  /** Largest request body accepted, in bytes (default 64 KiB); larger ones get 413 `bodyTooLarge`. */
  readonly bodyLimitBytes?: number;
  /**
   * Limit of one request, first byte to answer, in milliseconds (default 10 000). Also bounds how
   * long a client may take to send its headers, so a slow-loris client is cut.
   */
  readonly requestTimeoutMs?: number;
  /** The runtime's hooks behind `/healthz`, `/readyz` and `/metrics`. */
  readonly hooks: ControlHooks;
}

/** {@link ControlServerOptions} with every default applied. */
export interface ResolvedControlServerOptions {
  /** The surface served. */
  readonly surface: ControlSurface;
  /** The admin bearer token of the TCP surface, undefined when none is set (an empty one counts as none). */
  readonly adminToken: string | undefined;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimitBytes: number;
  /** Limit of receiving one request, and of running its operation, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** The runtime's hooks behind the open endpoints. */
  readonly hooks: ControlHooks;
}

/** Default body limit: control requests are small JSON documents. */
export const DEFAULT_CONTROL_BODY_LIMIT_BYTES = 64 * 1024;
/** Default limit of one control request. */
export const DEFAULT_CONTROL_REQUEST_TIMEOUT_MS = 10_000;

/** Applies the defaults (a pure calculation). */
export function resolveControlServerOptions(options: ControlServerOptions): ResolvedControlServerOptions {
  return {
    surface: options.surface,
    adminToken: options.adminToken === '' ? undefined : options.adminToken,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_CONTROL_BODY_LIMIT_BYTES,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_CONTROL_REQUEST_TIMEOUT_MS,
    hooks: options.hooks,
  };
}
