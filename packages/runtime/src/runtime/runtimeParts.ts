/** What a {@link Runtime} is assembled from: built by `createRuntime`, run by `Runtime.start()`. */
import type { Oneiric, OneiricLogger } from '@oneiric/core';
import type { DomainBridges } from '@oneiric/domains';
import type { RemoteSync } from '@oneiric/remote';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import type { RuntimeMetrics } from '../metrics/runtimeMetrics.js';
import type { PluginReport } from '../models/pluginReport.js';
import type { SecretsHook } from '../secrets/secretsHook.js';
import type { StatusPageFeed } from '../statusPage/statusPageFeed.js';

/**
 * The parts of a runtime, built but not started.
 * @category Runtime
 */
export interface RuntimeParts {
  /** The validated configuration. */
  readonly config: RuntimeConfig;
  /** Loads the configuration again from the same sources (the selection watchers' reload). */
  readonly reloadConfig: () => Promise<RuntimeConfig>;
  /** The runtime's logger (from `logging.*`). */
  readonly logger: OneiricLogger;
  /**
   * Where audit lines go (mutating control requests, remote security decisions): its own logger
   * at level info, whatever `logging.level` says, on stderr and in `remote.audit_log_file`.
   */
  readonly auditLogger: OneiricLogger;
  /** Closes the logger's sinks (files) once everything else stopped. */
  readonly closeLogger: () => Promise<void>;
  /** The application, with its candidates registered. */
  readonly app: Oneiric;
  /** Its bridges, over the cache directory's activity store. */
  readonly bridges: DomainBridges;
  /** Remote sync, when `remote.enabled`. */
  readonly remote?: RemoteSync;
  /** What plugin discovery loaded. */
  readonly plugins: PluginReport;
  /** The secrets hook over the live `adapter:secrets`. */
  readonly secrets: SecretsHook;
  /** The meters exported on `/metrics`. */
  readonly metrics: RuntimeMetrics;
  /** Recent swaps and the optional fleet view, for the status page. */
  readonly statusPage: StatusPageFeed;
}
