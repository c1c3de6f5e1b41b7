/** What the control channel's routes act on: the running runtime, seen through one interface. */
import type { Oneiric } from '@oneiric/core';
import type { DomainBridges } from '@oneiric/domains';
import type { RemoteStatus, SyncResult } from '@oneiric/remote';
import type { FleetAnswer } from '../fleet/startFleetAgent.js';
import type { HealthSnapshot } from '../models/healthSnapshot.js';
import type { PluginReport } from '../models/pluginReport.js';

/**
 * The result of rotating secrets.
 * @category Control channel
 */
export interface SecretsRotation {
  /** Names of the secrets dropped from the cache and fetched again. */
  readonly rotated: readonly string[];
}

/**
 * The running runtime as the control routes need it. The runtime implements it; tests of the
 * routes can build one around a test application.
 * @category Control channel
 */
export interface ControlTarget {
  /** The application. */
  readonly app: Oneiric;
  /** The domain bridges (pause/drain state, tasks, events, workflows, actions). */
  readonly bridges: DomainBridges;
  /** The active profile. */
  readonly profile: string;
  /**
   * Synchronises the remote manifest now, falling back to the cached one when the server fails.
   * @throws an Oneiric error of kind `remoteDisabled` when no remote is configured (answered 409)
   */
  syncRemote(): Promise<SyncResult>;
  /** Remote status, or undefined when no remote is configured. */
  remoteStatus(): Promise<RemoteStatus | undefined>;
  /** Drops cached secrets and fetches them again. */
  rotateSecrets(): Promise<SecretsRotation>;
  /** What plugin discovery loaded and what failed. */
  plugins(): PluginReport;
  /** The current health snapshot. */
  health(): HealthSnapshot;
  /** The fleet agent's view; absent or `{ enabled: false }` when the runtime runs none. */
  fleet?(): FleetAnswer;
  /** Writes one audit line for a mutating request (never a secret). */
  audit(action: string, detail: Readonly<Record<string, unknown>>): void;
}
