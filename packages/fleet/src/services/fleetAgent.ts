/** The convergence agent inside each runtime: watches the bucket, converges, heartbeats, drives rollouts. */
import { hostname } from 'node:os';
import type { OneiricLogger } from '@oneiric/core';
import { CoalescedTask, messageOf } from '@oneiric/core/internal';
import { loadDesiredState, saveDesiredState } from '../actions/desiredStateCache.js';
import { applyEntry, type BucketEntry } from '../calculations/applyEntry.js';
import { backoffDelayMs } from '../calculations/backoffDelayMs.js';
import { instanceKey, isInstanceKey } from '../calculations/fleetKeys.js';
import { instancesToForget } from '../calculations/instancesToForget.js';
import { serverAddressOf } from '../calculations/serverAddressOf.js';
import type { FleetConnectionOptions } from '../models/fleetConnectionOptions.js';
import { EMPTY_SNAPSHOT, type FleetSnapshot } from '../models/fleetSnapshot.js';
import type { FleetTarget } from '../models/fleetTarget.js';
import { Converger } from './converger.js';
import { FleetStore, type FleetWatch } from './fleetStore.js';
import { InstancePublisher } from './instancePublisher.js';
import { driveRollouts } from './rolloutDriver.js';

/**
 * How long the save of the desired state waits for the rest of a burst of changes, in
 * milliseconds: the file is only read at a start while NATS is down, so it is written after the
 * instance has converged and published, never in the moment every instance is converging. It
 * holds the bucket's desired state as last seen (what the fleet wants, converged here or not); a
 * stop writes it at once, a crash within this delay leaves the previous one.
 */
const SAVE_DELAY_MS = 200;

/**
 * Options of {@link FleetAgent}.
 * @category Fleet
 */
export interface FleetAgentOptions {
  /** Server, bucket, credentials, time limits. */
  readonly connection: FleetConnectionOptions;
  /** This instance's id (`fleet.instance_id`). */
  readonly instanceId: string;
  /** Heartbeat period; rollouts are driven at the same pace. */
  readonly heartbeatMs: number;
  /** Heartbeat age after which an instance is gone (also the rollout driver's lease). */
  readonly goneAfterMs: number;
  /** `<cache_dir>/fleet/desired.json`: the last desired state, to start from while NATS is down. */
  readonly desiredStateFile: string;
  /** What the agent acts on. */
  readonly target: FleetTarget;
  /** Where it logs (never a credential). */
  readonly logger: OneiricLogger;
  /** Longest pause between reconnection attempts (default 10 s). */
  readonly maxBackoffMs?: number;
  /** Heartbeat age after which a gone instance's record is deleted (default 10 × `goneAfterMs`). */
  readonly forgetGoneAfterMs?: number;
}

/**
 * What the agent knows, for `GET /v1/fleet` and the health snapshot.
 * @category Fleet
 */
export interface FleetAgentView {
  /** Instance id. */
  readonly instanceId: string;
  /** Bucket. */
  readonly bucket: string;
  /** `scheme://host:port` of the server (no credentials). */
  readonly server: string;
  /** Whether it reads the bucket live now. */
  readonly connected: boolean;
  /** Whether it runs from the saved desired state (NATS was never reached since start). */
  readonly fromCache: boolean;
  /** Highest desired revision it has applied. */
  readonly appliedRevision: number;
  /** Highest desired revision it knows of. */
  readonly desiredRevision: number;
  /** Malformed records it refused. */
  readonly problems: readonly string[];
}

/**
 * Runs inside a runtime when `fleet.enabled`. {@link FleetAgent.start} applies the saved desired
 * state at once (so an instance starting while NATS is down serves what the fleet last wanted),
 * then connects in the background: it watches the bucket (current values first, then changes),
 * converges after each change, publishes `instance.<id>` every heartbeat, raises/feeds the
 * manifest floor and drives rollouts whose lease it holds or finds expired. A lost connection
 * changes nothing locally (no flapping); the client reconnects, and the agent watches again and
 * reconciles; if the connection cannot be opened it retries with exponential backoff and jitter.
 * @category Fleet
 */
export class FleetAgent {
  readonly #options: FleetAgentOptions;
  readonly #converger: Converger;
  readonly #saves: CoalescedTask;
  #store: FleetStore | undefined;
  #watch: FleetWatch | undefined;
  #watchToken: object | undefined;
  #publisher: InstancePublisher | undefined;
  #snapshot: FleetSnapshot = EMPTY_SNAPSHOT;
  // Instance records that arrived since the snapshot was last read, by bucket key (the latest each).
  readonly #unreadRecords = new Map<string, BucketEntry>();
  #isInitialized = false;
  #fromCache = false;
  #appliedRevision = 0;
  #isStopped = false;
  #work: Promise<void> = Promise.resolve();
  #heartbeat: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #pendingConverge = false;
  #liveSince = 0;

  /** @param options - connection, identity, pace, cache file, target and logger */
  public constructor(options: FleetAgentOptions) {
    this.#options = options;
    this.#converger = new Converger(options.target, options.logger);
    this.#saves = new CoalescedTask({
      run: async () => saveDesiredState(options.desiredStateFile, options.connection.bucket, this.#snapshot),
      delayMs: SAVE_DELAY_MS,
      onError: (error) => options.logger.warn('fleet: could not save the desired state', { error: messageOf(error) }),
    });
  }

  /** Applies the saved desired state, then connects in the background (never throws for NATS). */
  public async start(): Promise<void> {
    const saved = await loadDesiredState(this.#options.desiredStateFile, this.#options.connection.bucket);
    if (saved !== undefined) {
      this.#snapshot = saved;
      this.#fromCache = true;
      this.#options.logger.info('fleet: applying the saved desired state until the bucket is reached', { file: this.#options.desiredStateFile });
      await this.#converger.converge(saved, this.#options.instanceId);
      this.#appliedRevision = saved.desiredRevision;
    }
    this.#heartbeat = setInterval(() => this.#enqueue(() => this.#tick()), this.#options.heartbeatMs);
    this.#heartbeat.unref();
    await this.#connect(1);
  }

  /** What the agent knows now. */
  public view(): FleetAgentView {
    return {
      instanceId: this.#options.instanceId,
      bucket: this.#options.connection.bucket,
      server: serverAddressOf(this.#options.connection.url),
      connected: this.#isLive(),
      fromCache: this.#fromCache,
      appliedRevision: this.#appliedRevision,
      desiredRevision: this.#snapshot.desiredRevision,
      problems: [...this.#readSnapshot().problems].map(([key, problem]) => `${key}: ${problem}`),
    };
  }

  /** The bucket content as last seen. */
  public snapshot(): FleetSnapshot {
    return this.#readSnapshot();
  }

  // The snapshot with the instance records that arrived since the last read folded in.
  #readSnapshot(): FleetSnapshot {
    if (this.#unreadRecords.size > 0) {
      let snapshot = this.#snapshot;
      for (const entry of this.#unreadRecords.values()) {
        snapshot = applyEntry(snapshot, entry);
      }
      this.#unreadRecords.clear();
      this.#snapshot = snapshot;
    }
    return this.#snapshot;
  }

  /** Stops watching and heartbeating, removes this instance's record (best effort), closes the connection. */
  public async stop(): Promise<void> {
    this.#isStopped = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#retry);
    this.#watch?.stop();
    await this.#work.catch(() => undefined);
    await this.#saves.flush().catch(() => undefined);
    await this.#publisher?.remove().catch(() => undefined);
    await this.#store?.close();
  }

  #isLive(): boolean {
    return this.#isInitialized && this.#store?.isConnected === true;
  }

  // One thing at a time: converging, heartbeats and driving never interleave.
  #enqueue(work: () => Promise<void>): void {
    this.#work = this.#work.then(work).catch((error: unknown) => {
      this.#options.logger.warn('fleet: agent step failed', { error: messageOf(error) });
    });
  }

  async #connect(attempt: number): Promise<void> {
    if (this.#isStopped) {
      return;
    }
    try {
      const store = await FleetStore.open(this.#options.connection);
      if (this.#isStopped) {
        await store.close();
        return;
      }
      this.#store = store;
      this.#publisher = new InstancePublisher(store, { instanceId: this.#options.instanceId, host: hostname(), heartbeatMs: this.#options.heartbeatMs });
      store.onConnectionChange((isConnected) => {
        this.#options.logger.warn(isConnected ? 'fleet: connection back; reconciling' : 'fleet: connection lost; serving the current state', { server: serverAddressOf(this.#options.connection.url) });
        if (isConnected) {
          this.#startWatch().catch(() => this.#watchAgainLater());
        }
      });
    } catch (error) {
      const delayMs = backoffDelayMs(attempt, 500, this.#options.maxBackoffMs ?? 10_000, Math.random());
      this.#options.logger.warn('fleet: bucket not reachable; retrying', { error: messageOf(error), attempt, delayMs });
      this.#retry = setTimeout(() => void this.#connect(attempt + 1), delayMs);
      this.#retry.unref();
      return;
    }
    // The connection holds (the client reconnects by itself): only the watch is retried from here.
    await this.#startWatch().catch(() => this.#watchAgainLater());
  }

  // (Re)reads the bucket from scratch: current values, then changes. Until the initial values are
  // in, nothing is applied from the partial picture.
  async #startWatch(): Promise<void> {
    const store = this.#store;
    if (store === undefined || this.#isStopped) {
      return;
    }
    this.#watch?.stop();
    this.#isInitialized = false;
    this.#unreadRecords.clear();
    let building = EMPTY_SNAPSHOT;
    // Entries may arrive before `watch` resolves: the token, set first, says which watch is current.
    const token = {};
    this.#watchToken = token;
    const watch = await store.watch((entry: BucketEntry) => {
      if (this.#watchToken !== token) {
        return;
      }
      if (!this.#isInitialized) {
        building = applyEntry(building, entry);
        return;
      }
      // Other instances' records (each heartbeat, and each flip: N of them at once) are decoded
      // when the snapshot is read (a tick, a view), not as they arrive, where decoding them
      // competed with the convergence they report on.
      if (isInstanceKey(entry.key)) {
        this.#unreadRecords.set(entry.key, entry);
        return;
      }
      this.#snapshot = applyEntry(this.#snapshot, entry);
      // Heartbeats change no desired state: converging (and publishing) on each would make
      // every instance answer every other's heartbeat with a write of its own.
      if (this.#snapshot.desiredRevision === entry.revision) {
        this.#scheduleConverge();
      }
    }, () => {
      // Entries still queued in the iterator are folded in before the timer fires.
      setTimeout(() => {
        if (this.#watchToken === token) {
          this.#snapshot = building;
          this.#isInitialized = true;
          this.#liveSince = Date.now();
          this.#fromCache = false;
          this.#scheduleConverge();
          this.#enqueue(() => this.#tick());
        }
      }, 0);
    });
    this.#watch = watch;
    void watch.ended.then(() => {
      if (this.#watchToken === token) {
        this.#watchAgainLater();
      }
    });
  }

  // A watch that ended (or could not start) is started again a heartbeat later, until it holds.
  #watchAgainLater(): void {
    if (this.#isStopped) {
      return;
    }
    this.#retry = setTimeout(() => {
      this.#startWatch().catch((error: unknown) => {
        this.#options.logger.debug('fleet: watch not started; trying again', { error: messageOf(error) });
        this.#watchAgainLater();
      });
    }, this.#options.heartbeatMs);
    this.#retry.unref();
  }

  // Changes arrive in bursts (a rollout stage touches several keys): one pass covers them all.
  #scheduleConverge(): void {
    if (this.#pendingConverge) {
      return;
    }
    this.#pendingConverge = true;
    this.#enqueue(async () => {
      this.#pendingConverge = false;
      const snapshot = this.#snapshot;
      await this.#converger.converge(snapshot, this.#options.instanceId);
      this.#appliedRevision = Math.max(this.#appliedRevision, snapshot.desiredRevision);
      // Published at once (not at the next heartbeat), so lag and rollout results show promptly.
      await this.#publish();
      this.#saves.request();
    });
  }

  async #tick(): Promise<void> {
    if (!this.#isLive() || this.#store === undefined) {
      return;
    }
    this.#readSnapshot();
    await this.#publish();
    await this.#publisher?.syncFloor(this.#snapshot, this.#options.target, this.#options.logger);
    // After a start or an outage every other heartbeat looks stale until the others publish
    // again: no rollout decision (an instance is gone) before a full gone period of live reading.
    if (Date.now() - this.#liveSince < this.#options.goneAfterMs) {
      return;
    }
    await driveRollouts({
      store: this.#store, snapshot: this.#snapshot, instanceId: this.#options.instanceId, now: Date.now(),
      leaseMs: this.#options.goneAfterMs, goneAfterMs: this.#options.goneAfterMs, logger: this.#options.logger,
    });
    // Killed instances would otherwise stay in `status` for ever (a restart has a new id).
    const forgetAfterMs = this.#options.forgetGoneAfterMs ?? this.#options.goneAfterMs * 10;
    for (const { id, revision } of instancesToForget(this.#snapshot, this.#options.instanceId, Date.now(), this.#options.goneAfterMs, forgetAfterMs)) {
      await this.#store.remove(instanceKey(id), revision).catch(() => undefined);
    }
  }

  async #publish(): Promise<void> {
    if (!this.#isLive()) {
      return;
    }
    await this.#publisher?.publish({
      snapshot: this.#snapshot, target: this.#options.target, swapErrors: this.#converger.swapErrors, appliedRevision: this.#appliedRevision, connected: true,
    }).catch((error: unknown) => {
      this.#options.logger.debug('fleet: heartbeat not written', { error: messageOf(error) });
    });
  }
}
