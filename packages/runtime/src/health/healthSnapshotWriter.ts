/** Keeps `<cache_dir>/runtime/health.json` current: rewritten atomically after every change, bursts coalesced. */
import { chmod } from 'node:fs/promises';
import type { OneiricLogger } from '@oneiric/core';
import { CoalescedTask, writeFileAtomic } from '@oneiric/core/internal';
import type { HealthSnapshot } from '../models/healthSnapshot.js';

/**
 * Options of {@link HealthSnapshotWriter}.
 * @category Health and reports
 */
export interface HealthSnapshotWriterOptions {
  /** The snapshot file (`runtimePaths(cacheDir).healthFile`). */
  readonly file: string;
  /** Builds the snapshot of the current state; called once per write, not once per change. */
  readonly build: () => HealthSnapshot;
  /** Where a failed write is reported (the runtime keeps running without a fresh file). */
  readonly logger?: OneiricLogger;
  /** How long to wait after a change for more changes before writing, in milliseconds (default 100: after a swap, not during the swaps of the other instances on the machine). */
  readonly coalesceMs?: number;
}

const DEFAULT_COALESCE_MS = 100;

/**
 * Rewrites the health snapshot file when told something changed. A burst of changes (a swap
 * emits several events) becomes one write; a change during a write causes one more write after
 * it, so the file always ends up describing the latest state (core's `CoalescedTask`). The file
 * is mode 0600, its directory 0700, and readers never see half a file.
 * @category Health and reports
 */
export class HealthSnapshotWriter {
  readonly #options: HealthSnapshotWriterOptions;
  readonly #writes: CoalescedTask;
  #closed = false;

  /** @param options - the file, how to build the snapshot, where failures go, the coalescing delay */
  public constructor(options: HealthSnapshotWriterOptions) {
    this.#options = options;
    this.#writes = new CoalescedTask({
      run: async () => this.#writeOnce(),
      delayMs: options.coalesceMs ?? DEFAULT_COALESCE_MS,
      // The runtime keeps running without a fresh file; the next change tries again.
      onError: (error) => options.logger?.warn('health snapshot not written', { file: options.file, error: String(error) }),
    });
  }

  /** The snapshot file. */
  public get file(): string {
    return this.#options.file;
  }

  /** Notes that the state changed: the file is rewritten shortly. Ignored after {@link close}. */
  public changed(): void {
    if (!this.#closed) {
      this.#writes.request();
    }
  }

  /**
   * Writes the current state now (after any write under way) and resolves when it is on disk.
   * @throws the file system error when the write fails
   */
  public async flush(): Promise<void> {
    this.#writes.request();
    await this.#writes.flush();
  }

  /** Writes the final state (call after setting the phase to `stopped`) and ignores later changes. */
  public async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    await this.flush();
    this.#closed = true;
  }

  // Builds the snapshot when the write starts, so it holds every change noted until then.
  async #writeOnce(): Promise<void> {
    const snapshot = this.#options.build();
    await writeFileAtomic(this.#options.file, `${JSON.stringify(snapshot, null, 2)}\n`, 0o600);
    // The process umask can narrow the mode given at creation, never widen it; chmod states it exactly.
    await chmod(this.#options.file, 0o600);
  }
}
