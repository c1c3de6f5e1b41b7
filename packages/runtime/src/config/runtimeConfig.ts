/** Everything a runtime is built from, once loaded, overlaid by its profile and validated. */
import type { OneiricSettings } from '@oneiric/core';
import type { RemoteSettings } from '@oneiric/remote';
import type { RuntimeSections } from './runtimeSections.js';

/**
 * The validated configuration of one runtime.
 * @category Configuration
 */
export interface RuntimeConfig {
  /** The active profile's name. */
  readonly profile: string;
  /** Core's settings (cache directory, logging, lifecycle, selections...). */
  readonly settings: OneiricSettings;
  /** `runtime`, `plugins` and `secrets`. */
  readonly sections: RuntimeSections;
  /** The `remote` section. */
  readonly remote: RemoteSettings;
  /** The absolute cache directory. */
  readonly cacheDir: string;
  /** The working directory relative paths were resolved against. */
  readonly cwd: string;
  /** The settings file the runtime was started with, when there was one (watched for selections). */
  readonly configFile?: string;
  /** The settings directory (`settings`, or `ONEIRIC_CONFIG_DIR`), absolute. */
  readonly settingsDir: string;
  /** The TCP port of the HTTP listener after `runtime.http.port_env` was read; undefined: no TCP listener. */
  readonly httpPort?: number;
}
