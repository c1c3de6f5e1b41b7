/** The profiles every runtime knows, as overlays over the settings. */

/**
 * A profile: settings laid over the file's, before validation.
 * @category Configuration
 */
export type ProfileOverlay = Readonly<Record<string, unknown>>;

/**
 * `default` changes nothing. `serverless` suits a platform that starts an instance per
 * request burst (Cloud Run, Lambda with a web adapter): no file watchers, no refresh loop, the
 * manifest from the cache only (no network at start), HTTP on `$PORT` (8080 when unset) on
 * every interface, because the platform's router connects from outside the container.
 * @category Configuration
 */
export const BUILT_IN_PROFILES: Readonly<Record<string, ProfileOverlay>> = {
  default: {},
  serverless: {
    runtime: {
      watchers_enabled: false,
      refresh_loop_enabled: false,
      remote_start: 'cache',
      http: { host: '0.0.0.0', port_env: 'PORT' },
    },
  },
};

/**
 * The port the serverless profile listens on when `$PORT` is unset.
 * @category Configuration
 */
export const SERVERLESS_DEFAULT_PORT = 8080;
