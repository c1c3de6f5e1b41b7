/** What a {@link Runtime} is assembled from: built by `createRuntime`, run by `Runtime.start()`. */
import type { Oneiric, OneiricLogger } from '@oneiric/core';
import type { DomainBridges } from '@oneiric/domains';
import type { RemoteSync } from '@oneiric/remote';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import type { RuntimeMetrics } from '../metrics/runtimeMetrics.js';
import type { PluginReport } from '../models/pluginReport.js';

/** A secrets cache the runtime can rotate and stop (the secrets hook). */
export interface RotatableSecrets {
  /** Starts the refresh interval, when there is one. */
  start?(): void | Promise<void>;
  /** Drops the cache and fetches again; the names rotated. */
  rotate(): Promise<readonly string[]>;
  /** Stops the refresh interval. */
  close(): void | Promise<void>;
}

/** The parts of a runtime, built but not started. */
export interface RuntimeParts {
  /** The validated configuration. */
  readonly config: RuntimeConfig;
  /** The runtime's logger (from `logging.*`). */
  readonly logger: OneiricLogger;
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
  /** The secrets hook, when the application has a secrets adapter. */
  readonly secrets?: RotatableSecrets;
  /** The meters exported on `/metrics`. */
  readonly metrics: RuntimeMetrics;
}
