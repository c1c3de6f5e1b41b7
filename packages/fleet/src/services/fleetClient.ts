/** The operator's handle on a fleet: status, selections, pause/drain, rollouts; what the CLI uses. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Domain } from '@oneiric/core';
import { decodeActivity, decodeRollout, decodeSelection, type Decoded } from '../calculations/decodeRecords.js';
import { keyRecordKey } from '../calculations/fleetKeys.js';
import { fleetStatusOf, type FleetStatus } from '../calculations/fleetStatusOf.js';
import { newRollout, type RolloutOptions } from '../calculations/newRollout.js';
import { assertPublishable } from '../calculations/safeText.js';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import type { ActivityRecord, SelectionRecord } from '../models/desiredRecords.js';
import type { FleetConnectionOptions } from '../models/fleetConnectionOptions.js';
import type { Revisioned } from '../models/fleetSnapshot.js';
import type { RolloutCommand, RolloutRecord } from '../models/rolloutRecord.js';
import { writeSelection } from '../actions/writeSelection.js';
import { raiseFleetFloor } from './raiseFleetFloor.js';
import { FleetStore } from './fleetStore.js';
import type { FloorValue } from '../calculations/raiseFloor.js';

/**
 * Options of {@link FleetClient.connect}.
 * @category Fleet
 */
export interface FleetClientOptions extends FleetConnectionOptions {
  /** Written as `by` in records (default `cli@<hostname>`). */
  readonly actor?: string;
  /** Heartbeat age past which `status()` shows an instance as gone (default: 3 of its heartbeats). */
  readonly goneAfterMs?: number;
}

// A command is idempotent: a write lost to the driver's lease renewal is retried on the new revision.
const COMMAND_ATTEMPTS = 5;

/**
 * Reads and changes the fleet's desired state. Every write is a compare-and-set on the revision
 * just read: two operators racing on one record cannot both win (the loser gets `conflict`).
 * @example
 * ```ts
 * const fleet = await FleetClient.connect({ url: 'nats://127.0.0.1:4222', bucket: 'oneiric_shop' });
 * await fleet.startRollout({ domain: 'adapter', key: 'cache', toProvider: 'redis-v2', canary: 1, steps: [25, 50, 100] });
 * for await (const rollout of fleet.watchRollout('adapter', 'cache')) console.log(rollout.decisions.at(-1)?.reason);
 * await fleet.close();
 * ```
 * @category Fleet
 */
export class FleetClient {
  readonly #store: FleetStore;
  readonly #actor: string;
  readonly #goneAfterMs: number | undefined;

  private constructor(store: FleetStore, options: FleetClientOptions) {
    this.#store = store;
    this.#actor = options.actor ?? `cli@${hostname()}`;
    this.#goneAfterMs = options.goneAfterMs;
  }

  /**
   * Connects and opens the bucket (created when missing).
   * @throws FleetError `connectionFailed`, `timeout`, `invalidArgument`
   */
  public static async connect(options: FleetClientOptions): Promise<FleetClient> {
    return new FleetClient(await FleetStore.open(options), options);
  }

  /** Every instance (heartbeat age, gone, lag behind the desired revision) and the desired state. */
  public async status(): Promise<FleetStatus> {
    return fleetStatusOf(this.#store.bucket, await this.#store.read(), Date.now(), this.#goneAfterMs);
  }

  /**
   * Makes `provider` the key's provider on every instance.
   * @throws FleetError `conflict` when a rollout of the key is running or another write won;
   *   `invalidArgument` for a provider over 1024 characters or with control characters
   */
  public async select(domain: Domain, key: string, provider: string): Promise<SelectionRecord> {
    assertPublishable('provider', provider);
    // The selection first, then the rollout, in this order: a rollout whose start rewrote the
    // selection after this read is either seen below or makes the write fail (see startRollout).
    const selection = await this.#store.readKey(keyRecordKey('selection', domain, key));
    const rollout = await this.#current(keyRecordKey('rollout', domain, key), decodeRollout);
    if (rollout?.record.state === 'running') {
      throw new FleetError(FleetErrorKind.conflict, `rollout ${rollout.record.id} of ${domain}:${key} is running; promote or abort it first`, { domain, key });
    }
    return writeSelection(this.#store, domain, key, provider, this.#actor, { revision: selection?.revision });
  }

  /** Pauses the key on every instance (new calls refused with `paused`). */
  public pause(domain: Domain, key: string, note?: string): Promise<ActivityRecord> {
    return this.#setActivity(domain, key, { paused: true, draining: false }, note);
  }

  /** Drains the key on every instance (in-flight calls finish, new ones are refused). */
  public drain(domain: Domain, key: string, note?: string): Promise<ActivityRecord> {
    return this.#setActivity(domain, key, { paused: false, draining: true }, note);
  }

  /** Lifts pause and drain of the key on every instance. */
  public resume(domain: Domain, key: string, note?: string): Promise<ActivityRecord> {
    return this.#setActivity(domain, key, { paused: false, draining: false }, note);
  }

  /**
   * Starts a staged rollout; the instances drive it (it goes on when this client exits).
   *
   * A `select` of the key and a rollout start cannot both win. The start creates the rollout
   * record, then rewrites the key's selection on the revision it read before (the same provider,
   * or `fromProvider` when the key had no fleet selection, which pins the instances not yet moved
   * to it); `select` reads the selection before it looks for a running rollout. So a `select`
   * either sees the rollout (conflict), or read the selection before the start rewrote it (its
   * compare-and-set fails), or wrote first, and then the start's rewrite fails: the start
   * withdraws its record (state `aborted`, the reason recorded) and reports the conflict.
   * @throws FleetError `conflict` when a rollout of the key is running or was started at the same
   *   time (exact under races: the record is created, or updated on the finished one's revision),
   *   or the selection changed while it started; `invalidArgument` for bad options
   */
  public async startRollout(options: RolloutOptions): Promise<RolloutRecord> {
    const { domain, key } = options;
    const name = keyRecordKey('rollout', domain, key);
    const [existing, selection] = await Promise.all([
      this.#current(name, decodeRollout),
      this.#current(keyRecordKey('selection', domain, key), decodeSelection),
    ]);
    if (existing?.record.state === 'running') {
      throw new FleetError(FleetErrorKind.conflict, `rollout ${existing.record.id} of ${domain}:${key} is already running`, { domain, key });
    }
    const fromProvider = options.fromProvider ?? selection?.record.provider ?? (await this.#providerNow(domain, key));
    const record = newRollout(options, fromProvider, { id: randomUUID(), by: this.#actor, now: Date.now() });
    let revision: number;
    try {
      revision = await this.#store.write(name, record, existing?.revision);
    } catch (error) {
      if (error instanceof FleetError && error.kind === FleetErrorKind.conflict) {
        throw new FleetError(FleetErrorKind.conflict, `another rollout of ${domain}:${key} was started at the same time`, { domain, key }, error);
      }
      throw error;
    }
    try {
      await writeSelection(this.#store, domain, key, selection?.record.provider ?? fromProvider, this.#actor, { revision: selection?.revision });
    } catch (error) {
      if (error instanceof FleetError && error.kind === FleetErrorKind.conflict) {
        await this.#withdraw(record, revision);
        throw new FleetError(FleetErrorKind.conflict, `the selection of ${domain}:${key} was changed while the rollout was starting; the rollout was withdrawn, start it again`, { domain, key }, error);
      }
      throw error;
    }
    return record;
  }

  // A start that lost the race for the selection: its record ends `aborted` before any instance
  // moved (the driver's first stage waits a tick); if a driver wrote first, the abort command.
  async #withdraw(record: RolloutRecord, revision: number): Promise<void> {
    const decision = { at: new Date().toISOString(), action: 'abort' as const, reason: 'start withdrawn: the key\'s selection changed while the rollout was starting', evidence: {} };
    const name = keyRecordKey('rollout', record.domain, record.key);
    await this.#store.write(name, { ...record, state: 'aborted', decisions: [...record.decisions, decision] }, revision)
      .catch(async () => this.#command(record.domain, record.key, 'abort'))
      .catch(() => undefined);
  }

  /**
   * The key's rollout (running or the last finished one).
   * @throws FleetError `notFound` when the key never had one
   */
  public async rolloutStatus(domain: Domain, key: string): Promise<RolloutRecord> {
    const current = await this.#current(keyRecordKey('rollout', domain, key), decodeRollout);
    if (current === undefined) {
      throw new FleetError(FleetErrorKind.notFound, `no rollout of ${domain}:${key}`, { domain, key });
    }
    return current.record;
  }

  /** Asks the driver to skip the bake and promote the current stage. */
  public promote(domain: Domain, key: string): Promise<RolloutRecord> {
    return this.#command(domain, key, 'promote');
  }

  /** Asks the driver to abort: every moved instance goes back to the previous provider. */
  public abort(domain: Domain, key: string): Promise<RolloutRecord> {
    return this.#command(domain, key, 'abort');
  }

  /**
   * Yields the key's rollout record at every change (the current one first) and ends after
   * yielding a finished one, or when `signal` aborts.
   * @throws FleetError `connectionFailed` when the watch ends first (the rollout goes on)
   */
  public async *watchRollout(domain: Domain, key: string, signal?: AbortSignal): AsyncGenerator<RolloutRecord> {
    const name = keyRecordKey('rollout', domain, key);
    const queue: RolloutRecord[] = [];
    let wake: (() => void) | undefined;
    const watch = await this.#store.watch((entry) => {
      const decoded = entry.key === name && !entry.isDelete ? decodeRollout(entry.value) : undefined;
      if (decoded?.ok === true) {
        queue.push(decoded.record);
        wake?.();
      }
    }, () => undefined);
    const onAbort = (): void => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (signal?.aborted !== true) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          if (next.state !== 'running') {
            return;
          }
          continue;
        }
        const hasEnded = await Promise.race([new Promise<boolean>((resolve) => { wake = () => resolve(false); }), watch.ended.then(() => true)]);
        wake = undefined;
        if (hasEnded && queue.length === 0) {
          throw new FleetError(FleetErrorKind.connectionFailed, `the watch of ${domain}:${key} ended before the rollout finished (connection lost?); the instances go on driving it: read it with rolloutStatus`, { domain, key });
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      watch.stop();
    }
  }

  /**
   * Raises the fleet's manifest floor to `accepted` when it is higher (never lowers it).
   * @returns the floor now in the bucket
   */
  public raiseFloor(accepted: FloorValue): Promise<FloorValue> {
    return raiseFleetFloor(this.#store, accepted, this.#actor);
  }

  /** Deletes the bucket (tests, decommissioning). */
  public destroyBucket(): Promise<void> {
    return this.#store.destroy();
  }

  /** Closes the connection. */
  public close(): Promise<void> {
    return this.#store.close();
  }

  async #current<T>(name: string, decode: (bytes: Uint8Array) => Decoded<T>): Promise<Revisioned<T> | undefined> {
    const entry = await this.#store.readKey(name);
    if (entry === undefined) {
      return undefined;
    }
    const decoded = decode(entry.value);
    if (!decoded.ok) {
      throw new FleetError(FleetErrorKind.invalidRecord, `${name} in the bucket is malformed (${decoded.problem}); it was not applied`);
    }
    return { record: decoded.record, revision: entry.revision };
  }

  async #setActivity(domain: Domain, key: string, state: { paused: boolean; draining: boolean }, note: string | undefined): Promise<ActivityRecord> {
    if (note !== undefined) {
      assertPublishable('note', note);
    }
    const name = keyRecordKey('activity', domain, key);
    const current = await this.#current(name, decodeActivity);
    const record: ActivityRecord = { v: 1, domain, key, ...state, note: note ?? null, at: new Date().toISOString(), by: this.#actor };
    await this.#store.write(name, record, current?.revision);
    return record;
  }

  async #command(domain: Domain, key: string, command: RolloutCommand): Promise<RolloutRecord> {
    const name = keyRecordKey('rollout', domain, key);
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.#current(name, decodeRollout);
      if (current === undefined || current.record.state !== 'running') {
        throw new FleetError(FleetErrorKind.notFound, `no running rollout of ${domain}:${key} to ${command}`, { domain, key });
      }
      const record = { ...current.record, command };
      try {
        await this.#store.write(name, record, current.revision);
        return record;
      } catch (error) {
        if (!(error instanceof FleetError && error.kind === FleetErrorKind.conflict) || attempt >= COMMAND_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  // The fleet selection, else the provider most live instances run.
  async #providerNow(domain: Domain, key: string): Promise<string> {
    const selection = await this.#current(keyRecordKey('selection', domain, key), decodeSelection);
    if (selection !== undefined) {
      return selection.record.provider;
    }
    const status = await this.status();
    const counts = new Map<string, number>();
    for (const instance of status.instances.filter((each) => !each.gone)) {
      const provider = instance.keys[`${domain}:${key}`]?.provider;
      if (provider !== undefined && provider !== null) {
        counts.set(provider, (counts.get(provider) ?? 0) + 1);
      }
    }
    const [top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (top === undefined) {
      throw new FleetError(FleetErrorKind.invalidArgument, `no live instance runs ${domain}:${key} and the fleet has no selection for it; pass fromProvider`, { domain, key });
    }
    return top[0];
  }
}

