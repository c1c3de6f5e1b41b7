/** Typed reads and compare-and-set writes over the fleet bucket; every call has a time limit. */
import { withTimeout } from '@oneiric/core';
import type { KvEntry } from 'nats';
import { connectFleetBucket, type FleetBucket } from '../actions/connectFleetBucket.js';
import { toFleetError } from '../actions/toFleetError.js';
import { applyEntry, type BucketEntry } from '../calculations/applyEntry.js';
import type { FleetConnectionOptions } from '../models/fleetConnectionOptions.js';
import { EMPTY_SNAPSHOT, type FleetSnapshot } from '../models/fleetSnapshot.js';

/**
 * A running watch of the bucket.
 * @category Fleet
 */
export interface FleetWatch {
  /** Stops it. */
  stop(): void;
  /** Settles when the watch ended (stopped, or the server ended it): the caller may watch again. */
  readonly ended: Promise<void>;
}

function entryOf(entry: KvEntry): BucketEntry {
  return { key: entry.key, value: entry.value, revision: entry.revision, isDelete: entry.operation !== 'PUT' };
}

const encoder = new TextEncoder();

/**
 * The fleet bucket: {@link FleetStore.read} decodes it whole into a {@link FleetSnapshot};
 * writes are JSON records written with `create` (the key must not exist) or `update` (the key
 * must still be at the revision read), so two writers that read the same revision cannot both
 * win: the loser gets a FleetError `conflict`.
 * @category Fleet
 */
export class FleetStore {
  readonly #bucket: FleetBucket;
  readonly #connectionListeners = new Set<(isConnected: boolean) => void>();
  #isClosed = false;
  #isConnected = true;

  /** @param bucket - an open bucket (see {@link FleetStore.open}) */
  private constructor(bucket: FleetBucket) {
    this.#bucket = bucket;
    void this.#followConnection();
  }

  /**
   * Connects and opens the bucket (creating it when missing).
   * @throws FleetError `connectionFailed`, `timeout`, `invalidArgument`
   */
  public static async open(options: FleetConnectionOptions): Promise<FleetStore> {
    return new FleetStore(await connectFleetBucket(options));
  }

  /** The bucket's name. */
  public get bucket(): string {
    return this.#bucket.name;
  }

  /** Whether the connection to the server is up right now. */
  public get isConnected(): boolean {
    return !this.#isClosed && this.#isConnected && !this.#bucket.connection.isClosed();
  }

  /**
   * Reads every key of the bucket into a snapshot (malformed records under `problems`).
   * @throws FleetError `timeout`, `connectionFailed`
   */
  public async read(): Promise<FleetSnapshot> {
    const kv = this.#bucket.kv;
    return this.#call('read the fleet bucket', async () => {
      const keys: string[] = [];
      for await (const key of await kv.keys()) {
        keys.push(key);
      }
      const entries = await Promise.all(keys.map((key) => kv.get(key)));
      let snapshot = EMPTY_SNAPSHOT;
      for (const entry of entries) {
        if (entry !== null) {
          snapshot = applyEntry(snapshot, entryOf(entry));
        }
      }
      return snapshot;
    });
  }

  /**
   * The current value of one key, or undefined when it does not exist (or was deleted).
   * @throws FleetError `timeout`, `connectionFailed`
   */
  public async readKey(key: string): Promise<BucketEntry | undefined> {
    const entry = await this.#call(`read ${key}`, () => this.#bucket.kv.get(key));
    return entry === null || entry.operation !== 'PUT' ? undefined : entryOf(entry);
  }

  /**
   * Writes `record` as JSON: created when `revision` is undefined (refused if the key exists),
   * else updated only if the key is still at `revision`.
   * @returns the new revision
   * @throws FleetError `conflict` when someone else wrote first; `timeout`, `connectionFailed`
   */
  public async write(key: string, record: unknown, revision: number | undefined): Promise<number> {
    const bytes = encoder.encode(JSON.stringify(record));
    const kv = this.#bucket.kv;
    return this.#call(`${revision === undefined ? 'create' : 'update'} ${key}`, () => (revision === undefined ? kv.create(key, bytes) : kv.update(key, bytes, revision)));
  }

  /**
   * Deletes a key if it is still at `revision`.
   * @throws FleetError `conflict`, `timeout`, `connectionFailed`
   */
  public async remove(key: string, revision: number): Promise<void> {
    await this.#call(`delete ${key}`, () => this.#bucket.kv.delete(key, { previousSeq: revision }));
  }

  /**
   * Watches every key: first the current value of each (no history), then `onInitialized`, then
   * every change as it happens.
   * @throws FleetError when the watch cannot start
   */
  public async watch(onEntry: (entry: BucketEntry) => void, onInitialized: () => void): Promise<FleetWatch> {
    const iterator = await this.#call('watch the fleet bucket', () => this.#bucket.kv.watch({ initializedFn: onInitialized }));
    const ended = (async () => {
      try {
        for await (const entry of iterator) {
          onEntry(entryOf(entry));
        }
      } catch {
        // The watch ended with the connection; the caller watches again.
      }
    })();
    return { stop: () => iterator.stop(), ended };
  }

  /**
   * Calls `listener` with `true` when the connection comes back after a loss and `false` when it
   * is lost, until the store is closed.
   */
  public onConnectionChange(listener: (isConnected: boolean) => void): void {
    this.#connectionListeners.add(listener);
  }

  /** Deletes the bucket and everything in it (tests, decommissioning). */
  public async destroy(): Promise<void> {
    await this.#call('delete the fleet bucket', () => this.#bucket.kv.destroy());
  }

  /** Closes the connection. Safe to call twice. */
  public async close(): Promise<void> {
    if (this.#isClosed) {
      return;
    }
    this.#isClosed = true;
    // Flushing to a server that stopped answering must not hold a runtime's stop.
    await withTimeout(this.#bucket.connection.close(), this.#bucket.timeoutMs, 'close the fleet connection').catch(() => undefined);
  }

  // The client's status stream says when the connection is lost and when it is back.
  async #followConnection(): Promise<void> {
    try {
      for await (const status of this.#bucket.connection.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') {
          this.#isConnected = status.type === 'reconnect';
          for (const listener of this.#connectionListeners) {
            listener(this.#isConnected);
          }
        }
      }
    } catch {
      // The stream ends with the connection.
    }
  }

  async #call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(work(), this.#bucket.timeoutMs, operation);
    } catch (error) {
      throw toFleetError(`fleet: ${operation}`, error);
    }
  }
}
