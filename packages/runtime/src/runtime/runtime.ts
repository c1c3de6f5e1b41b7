/** One running Oneiric process: the application and everything around it, started and stopped in order. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { selectionsFromSettings, type Oneiric, type OneiricLogger } from '@oneiric/core';
import { QueueWorker, SelectionWatcher, TaskScheduler, type DomainBridges } from '@oneiric/domains';
import type { RemoteStatus, SyncResult } from '@oneiric/remote';
import { runtimePaths, type RuntimePaths } from '../client/runtimePaths.js';
import type { RuntimeRecord } from '../client/runtimeRecord.js';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import type { ControlHooks } from '../control/controlServerOptions.js';
import type { ControlTarget, SecretsRotation } from '../control/controlTarget.js';
import { startFleetAgent, type FleetAnswer, type RuntimeFleet } from '../fleet/startFleetAgent.js';
import { seedFleetFloor } from '../fleet/seedFleetFloor.js';
import { buildHealthSnapshot, remoteHealthOf } from '../health/buildHealthSnapshot.js';
import { HealthSnapshotWriter } from '../health/healthSnapshotWriter.js';
import { readKeyHealth } from '../health/readKeyHealth.js';
import type { HealthSnapshot } from '../models/healthSnapshot.js';
import type { PluginReport } from '../models/pluginReport.js';
import type { SecretsHook } from '../secrets/secretsHook.js';
import { acquireRuntimeLock, releaseRuntimeLock, releaseRuntimeLockSync, updateRuntimeRecord } from '../process/runtimeLock.js';
import { RuntimeError, RuntimeErrorKind } from './runtimeError.js';
import { RuntimeListeners, type TcpAddress } from './runtimeListeners.js';
import type { RuntimeParts } from './runtimeParts.js';
import { selectionWatchPaths } from './selectionWatchPaths.js';
import { watcherNames } from './watcherNames.js';
import { waitForInFlight } from './waitForInFlight.js';

/**
 * Where a runtime is in its life.
 * @category Runtime
 */
export type RuntimePhase = HealthSnapshot['phase'];

// The application events after which the health snapshot is rewritten.
const STATE_EVENTS = ['ready', 'swapped', 'swapFailed', 'deactivated', 'breakerOpened', 'breakerHalfOpened', 'breakerClosed', 'keyChanged'] as const;

/**
 * A runtime: built by `createRuntime`, run by {@link Runtime.start}, stopped in order by
 * {@link Runtime.stop} (stop intake, drain in-flight calls within
 * `runtime.shutdown_timeout_ms`, clean up dependents first). It is also what the control
 * channel's routes act on.
 * @category Runtime
 */
export class Runtime implements ControlTarget {
  /** The application. */
  public readonly app: Oneiric;
  /** The domain bridges. */
  public readonly bridges: DomainBridges;
  /** The active profile. */
  public readonly profile: string;
  /** The validated configuration. */
  public readonly config: RuntimeConfig;
  /** The runtime's logger. */
  public readonly logger: OneiricLogger;
  /** The runtime's files under the cache directory. */
  public readonly paths: RuntimePaths;
  readonly #parts: RuntimeParts;
  readonly #listeners = new RuntimeListeners();
  readonly #health: HealthSnapshotWriter;
  readonly #cleanups: Array<() => void> = [];
  #phase: RuntimePhase = 'starting';
  #hasStarted = false;
  #startedAt = new Date().toISOString();
  readonly #watchers: Array<{ readonly watcher: SelectionWatcher; readonly file: string }> = [];
  #scheduler: TaskScheduler | undefined;
  #queueWorker: QueueWorker | undefined;
  #remoteStatus: RemoteStatus | undefined;
  #fleet: RuntimeFleet | undefined;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #holdsLock = false;

  /** @param parts - what `createRuntime` built */
  public constructor(parts: RuntimeParts) {
    this.#parts = parts;
    this.app = parts.app;
    this.bridges = parts.bridges;
    this.config = parts.config;
    this.profile = parts.config.profile;
    this.logger = parts.logger;
    this.paths = runtimePaths(parts.config.cacheDir);
    this.#health = new HealthSnapshotWriter({ file: this.paths.healthFile, build: () => this.health(), logger: this.logger });
    parts.metrics.observeRuntime({ phase: () => this.#phase, activity: () => this.bridges.activity.list() });
  }

  /** Where the runtime is in its life. */
  public get phase(): RuntimePhase {
    return this.#phase;
  }

  /** The TCP listener's address, when it listens. */
  public get httpAddress(): TcpAddress | undefined {
    return this.#listeners.tcp;
  }

  /**
   * Takes the cache directory (refusing if another runtime runs there), syncs the remote
   * manifest (from the cache when the server fails), activates the application, starts the
   * watchers, the scheduler, the refresh loop and the secrets hook, then listens on the control
   * socket and the TCP port. A key that fails to activate does not stop the start: `/readyz`
   * and the health snapshot report it.
   * @throws RuntimeError `alreadyRunning` when a live runtime owns the cache directory;
   *   `alreadyStarted` on a second call
   */
  public async start(): Promise<void> {
    if (this.#hasStarted) {
      throw new RuntimeError(RuntimeErrorKind.alreadyStarted, 'this runtime was already started; create another to start again');
    }
    this.#hasStarted = true;
    this.#starting = this.#startSequence();
    await this.#starting;
  }

  /**
   * Stops in order: intake first (`/readyz` answers 503, the scheduler, watchers and refresh
   * loop stop), then waits for in-flight calls within `runtime.shutdown_timeout_ms`, then closes
   * the listeners, the bridges and the application (dependents first), removes the socket and
   * the PID record, and writes the final health snapshot. Safe to call twice.
   */
  public stop(): Promise<void> {
    // A stop asked for during the start (a signal) waits for the start, then undoes it all.
    return (this.#starting ?? Promise.resolve()).catch(() => undefined).then(() => this.#stopOnce());
  }

  /**
   * Removes the PID record and socket at once, for a forced exit (second signal) that will not
   * run {@link stop} to its end.
   */
  public abandon(): void {
    if (this.#holdsLock) {
      releaseRuntimeLockSync(this.paths);
    }
  }

  /**
   * Synchronises the remote manifest now, falling back to the cached one when the server fails.
   * @throws RuntimeError `remoteDisabled` when `remote.enabled` is false; the cache's error when both fail
   */
  public async syncRemote(): Promise<SyncResult> {
    const remote = this.#parts.remote;
    if (remote === undefined) {
      throw new RuntimeError(RuntimeErrorKind.remoteDisabled, 'remote sync is not enabled for this runtime (remote.enabled is false)');
    }
    try {
      return await remote.syncOrFallBack();
    } finally {
      await this.#refreshRemoteStatus();
    }
  }

  /** The remote sync status, or undefined when remote sync is not enabled. */
  public async remoteStatus(): Promise<RemoteStatus | undefined> {
    await this.#refreshRemoteStatus();
    return this.#remoteStatus;
  }

  /** Drops the cached secrets and fetches them again from the live `adapter:secrets`. */
  public rotateSecrets(): Promise<SecretsRotation> {
    return this.#parts.secrets.rotate();
  }

  /** The secrets hook: the application reads secrets through it (cached, rotated on demand). */
  public get secrets(): SecretsHook {
    return this.#parts.secrets;
  }

  /** What plugin discovery loaded and what failed. */
  public plugins(): PluginReport {
    return this.#parts.plugins;
  }

  /** The current health snapshot (what `health.json` holds and `/v1/health` answers). */
  public health(): HealthSnapshot {
    const fleet = this.#fleet?.agent.view();
    const snapshot = buildHealthSnapshot({
      pid: process.pid,
      startedAt: this.#startedAt,
      now: new Date().toISOString(),
      profile: this.profile,
      phase: this.#phase,
      keys: readKeyHealth(this.app),
      activity: this.bridges.activity.list(),
      remote: this.#parts.remote === undefined ? remoteHealthOf(undefined) : remoteHealthOf(this.#remoteStatus ?? { }),
      watchers: this.#watcherNames(),
    });
    return fleet === undefined ? snapshot : { ...snapshot, fleet };
  }

  /** Writes one audit line (`control.<action>`) for a mutating control request. */
  public audit(action: string, detail: Readonly<Record<string, unknown>>): void {
    this.#parts.auditLogger.info(`control.${action}`, { ...detail, event: `control.${action}`, pid: process.pid });
    this.#health.changed();
  }

  /** The fleet agent's view (`GET /v1/fleet`), or `{ enabled: false }`. */
  public fleet(): FleetAnswer {
    return this.#fleet?.answer() ?? { enabled: false };
  }

  /** What `/healthz`, `/readyz`, `/metrics` and the status page (`/`, `/status.json`) report. */
  public controlHooks(): ControlHooks {
    return {
      alive: () => this.#phase !== 'stopped',
      ready: () => this.#phase === 'running' && this.health().ready,
      metricsText: () => this.#parts.metrics.text(),
      statusPage: () => this.#parts.statusPage.snapshot(this.health()),
    };
  }

  // The lock first: a runtime refused here has started nothing and must touch no file.
  async #startSequence(): Promise<void> {
    this.#startedAt = new Date().toISOString();
    await acquireRuntimeLock(this.paths, this.#record(), this.logger);
    this.#holdsLock = true;
    try {
      await this.#startParts();
    } catch (error) {
      this.logger.error('runtime failed to start; stopping what started', { error: String(error) });
      await this.#stopOnce();
      throw error;
    }
  }

  #stopOnce(): Promise<void> {
    this.#stopping ??= this.#stopAll();
    return this.#stopping;
  }

  async #startParts(): Promise<void> {
    this.#followState();
    await this.#health.flush();
    await this.#startRemote();
    try {
      await this.app.start();
    } catch (error) {
      this.logger.error('some keys failed to activate; the runtime runs and reports them', { error: String(error) });
    }
    const runtime = this.config.sections.runtime;
    if (runtime.watchers_enabled) {
      this.bridges.activity.watch();
      await this.#startSelectionWatchers();
    }
    // createDomainBridges already made the activity store the application's admission.
    if (runtime.queue_workers_enabled && this.app.keys('adapter').includes('queue')) {
      this.#queueWorker = new QueueWorker(this.bridges.tasks, this.bridges.workflows, { logger: this.logger, stopTimeoutMs: runtime.shutdown_timeout_ms });
      this.#queueWorker.start();
    }
    if (runtime.scheduler_enabled) {
      this.#scheduler = new TaskScheduler(this.bridges.tasks, { logger: this.logger, stopTimeoutMs: runtime.shutdown_timeout_ms });
      this.#scheduler.start();
    }
    if (this.#parts.remote !== undefined && runtime.refresh_loop_enabled) {
      this.#parts.remote.startRefreshLoop();
    }
    await this.#startSecrets();
    this.#fleet = await startFleetAgent({ ...this.#parts, manifestSerial: () => this.#remoteStatus?.lastSerial ?? null });
    const hooks = this.controlHooks();
    if (this.config.httpPort !== undefined) {
      await this.#listeners.startTcp(this, hooks, runtime, this.config.httpPort);
      await updateRuntimeRecord(this.paths, this.#record());
    }
    this.#phase = 'running';
    // The socket last: once it answers, the record and the health snapshot say `running`.
    await this.#health.flush();
    await this.#listeners.startSocket(this, hooks, runtime, this.paths);
    this.logger.info('runtime running', { pid: process.pid, profile: this.profile, socket: this.paths.socket, http: this.#listeners.tcp ?? null });
  }

  async #stopAll(): Promise<void> {
    const runtime = this.config.sections.runtime;
    this.#phase = 'stopping';
    // A runtime refused at start does not hold the lock: the files belong to the running one.
    if (this.#holdsLock) {
      this.#health.changed();
    }
    this.logger.info('runtime stopping', { pid: process.pid });
    for (const { watcher } of this.#watchers) {
      watcher.stop();
    }
    this.#parts.remote?.stopRefreshLoop();
    await this.#quietly('fleet agent', async () => this.#fleet?.agent.stop());
    // The scheduler and the queue worker wait for runs in progress while in-flight calls drain.
    const [, , remaining] = await Promise.all([
      this.#scheduler?.stop(),
      this.#queueWorker?.stop(),
      waitForInFlight(this.app, runtime.shutdown_timeout_ms),
    ]);
    if (remaining > 0) {
      this.logger.warn('shutdown timeout reached with calls still in flight; cleaning up anyway', { inFlight: remaining, timeoutMs: runtime.shutdown_timeout_ms });
    }
    await this.#listeners.close();
    this.#parts.secrets.close();
    await this.#quietly('bridges', () => this.bridges.close());
    await this.#quietly('application', () => this.app.close());
    this.#parts.remote?.close();
    for (const cleanup of this.#cleanups.splice(0)) {
      cleanup();
    }
    this.#phase = 'stopped';
    if (this.#holdsLock) {
      await this.#quietly('pid record', () => releaseRuntimeLock(this.paths));
      await this.#quietly('health snapshot', () => this.#health.close());
    }
    await this.#quietly('metrics', () => this.#parts.metrics.shutdown());
    this.logger.info('runtime stopped', { pid: process.pid });
    this.#parts.auditLogger.end();
    await this.#parts.closeLogger();
  }

  async #startRemote(): Promise<void> {
    const remote = this.#parts.remote;
    if (remote === undefined) {
      return;
    }
    const runtime = this.config.sections.runtime;
    // The fleet's floor first: a new instance must not start on a manifest the fleet has left.
    await seedFleetFloor(this.#parts);
    try {
      const result = runtime.manifest_file !== undefined
        ? await remote.syncOrFallBack(pathToFileURL(resolve(this.config.cwd, runtime.manifest_file)).href)
        : runtime.remote_start === 'cache' ? await remote.syncFromCache() : await remote.syncOrFallBack();
      this.logger.info('remote manifest applied', { serial: result.serial, offline: result.offline });
    } catch (error) {
      this.logger.error('no remote manifest at start (server and cache both failed); running with local candidates', { error: String(error) });
    }
    await this.#refreshRemoteStatus();
  }

  // Known secrets are fetched before the runtime serves; a failure is logged (never a value).
  async #startSecrets(): Promise<void> {
    try {
      await this.#parts.secrets.warm();
    } catch (error) {
      this.logger.warn('some secrets were not fetched at start', { error: error instanceof Error ? error.message : 'unknown' });
    }
    this.#parts.secrets.start();
  }

  // One watcher per settings file: each re-reads every layer, so an edit to any of them applies.
  async #startSelectionWatchers(): Promise<void> {
    for (const watchPath of await selectionWatchPaths(this.config)) {
      const watcher = new SelectionWatcher(this.app, this.bridges.activity, {
        loadSelections: async () => selectionsFromSettings((await this.#parts.reloadConfig()).settings),
        watchPath,
        pollIntervalMs: this.config.sections.runtime.poll_interval_ms,
        logger: this.logger,
      });
      this.#watchers.push({ watcher, file: watchPath });
      await watcher.start();
    }
  }

  // Every state change rewrites health.json (coalesced); a timer catches what no event reports.
  // Followed before app.start(), so the status page's swap history has the first activations.
  #followState(): void {
    this.#cleanups.push(this.#parts.statusPage.follow(this.app));
    for (const event of STATE_EVENTS) {
      this.#cleanups.push(this.app.on(event, () => this.#health.changed()));
    }
    this.#cleanups.push(this.bridges.activity.onChange(() => this.#health.changed()));
    const timer = setInterval(() => {
      void this.#refreshRemoteStatus().finally(() => this.#health.changed());
    }, this.config.sections.runtime.health_interval_ms);
    timer.unref();
    this.#cleanups.push(() => clearInterval(timer));
  }

  async #refreshRemoteStatus(): Promise<void> {
    try {
      this.#remoteStatus = await this.#parts.remote?.status();
    } catch (error) {
      this.logger.warn('remote status unreadable', { error: String(error) });
    }
  }

  #watcherNames(): string[] {
    return watcherNames({ watchers: this.#watchers, watchersEnabled: this.config.sections.runtime.watchers_enabled, isRunning: this.#phase === 'running', hasScheduler: this.#scheduler !== undefined });
  }

  #record(): RuntimeRecord {
    const tcp = this.#listeners.tcp;
    return {
      pid: process.pid,
      startedAt: this.#startedAt,
      socket: this.paths.socket,
      profile: this.profile,
      ...(tcp === undefined ? {} : { httpPort: tcp.port, httpHost: tcp.host }),
    };
  }

  // Cleanup goes on after one part fails: a stuck bridge must not keep the PID record in place.
  async #quietly(what: string, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logger.error(`stopping the ${what} failed`, { error: String(error) });
    }
  }
}
