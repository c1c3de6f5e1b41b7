/** Persists the outcome of each remote sync to the status file, never failing a sync for it. */
import { isOneiricError, type OneiricLogger } from '@oneiric/core';
import { messageOf } from '@oneiric/core/internal';
import { statusAfterFailure } from '../calculations/statusAfterFailure.js';
import { statusAfterSuccess } from '../calculations/statusAfterSuccess.js';
import type { RemoteError } from '../errors/remoteError.js';
import type { RemoteStatus } from '../models/remoteStatus.js';
import type { SyncResult } from '../models/syncResult.js';
import { RemoteMeters } from '../telemetry/remoteMeters.js';
import type { RemoteCache } from './remoteCache.js';

/** Options of {@link StatusRecorder}. */
export interface StatusRecorderOptions {
  /** Holds the status file. */
  readonly cache: RemoteCache;
  /** Receives a warning when the status file cannot be written. */
  readonly logger: OneiricLogger;
  /** Clock, in epoch milliseconds. */
  readonly now: () => number;
}

/** Records syncs in `remote_status.json` and in the remote metrics: successes, failures, timeouts. */
export class StatusRecorder {
  readonly #cache: RemoteCache;
  readonly #logger: OneiricLogger;
  readonly #now: () => number;
  readonly #meters = new RemoteMeters();

  /** @param options - cache, logger and clock */
  public constructor(options: StatusRecorderOptions) {
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#now = options.now;
  }

  /**
   * Runs one sync and records its outcome; the result's `durationMs` becomes the whole run's
   * (fetch, verification and apply, not only the registry step).
   * @throws whatever `work` throws, after recording it
   */
  public async recorded(source: string, offline: boolean, work: () => Promise<SyncResult>): Promise<SyncResult> {
    const startedMs = this.#now();
    const status = await this.#cache.readStatus();
    try {
      const result = await work();
      const durationMs = this.#now() - startedMs;
      this.#meters.record({ outcome: 'success', offline, durationMs, serial: result.serial });
      await this.#writeSafely(statusAfterSuccess(status, result, this.#now(), durationMs));
      return { ...result, durationMs };
    } catch (error) {
      const nowMs = this.#now();
      this.#meters.record({ outcome: 'failure', offline, durationMs: nowMs - startedMs, kind: kindOf(error) });
      await this.#writeSafely(statusAfterFailure(status, error, nowMs, { source, offline, durationMs: nowMs - startedMs }));
      throw error;
    }
  }

  /** Records a sync that ran past its time limit (its own outcome is never recorded). */
  public async recordTimeout(error: RemoteError): Promise<void> {
    this.#meters.record({ outcome: 'timeout', offline: false, kind: error.kind });
    const status = await this.#cache.readStatus();
    await this.#writeSafely(statusAfterFailure(status, error, this.#now()));
  }

  async #writeSafely(status: RemoteStatus): Promise<void> {
    try {
      await this.#cache.writeStatus(status);
    } catch (error) {
      // Telemetry must never turn a good sync into a failure.
      this.#logger.warn('could not write the remote status file', { error: messageOf(error) });
    }
  }
}

// The kind of a branded Oneiric error (any copy of core), else `unexpected`.
function kindOf(error: unknown): string {
  return isOneiricError(error) ? error.kind : 'unexpected';
}
