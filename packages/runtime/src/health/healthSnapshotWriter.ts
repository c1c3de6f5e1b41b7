/** Keeps `<cache_dir>/runtime/health.json` current: rewritten atomically after every change, bursts coalesced. */
import { chmod } from 'node:fs/promises';
import type { OneiricLogger } from '@oneiric/core';
import { writeFileAtomic } from '@oneiric/core/internal';
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
 * it, so the file always ends up describing the latest state. The file is mode 0600, its
 * directory 0700, and readers never see half a file.
 * @category Health and reports
 */
export class HealthSnapshotWriter {
  readonly #options: HealthSnapshotWriterOptions;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #dirty = false;
  #closed = false;

  public constructor(options: HealthSnapshotWriterOptions) {
    this.#options = options;
  }

  /** The snapshot file. */
  public get file(): string {
    return this.#options.file;
  }

  /** Notes that the state changed: the file is rewritten shortly. Ignored after {@link close}. */
  public changed(): void {
    if (this.#closed) {
      return;
    }
    this.#dirty = true;
    if (this.#timer !== undefined || this.#writing !== undefined) {
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#drain().catch((error: unknown) => {
        this.#options.logger?.warn('health snapshot not written', { file: this.#options.file, error: String(error) });
      });
    }, this.#options.coalesceMs ?? DEFAULT_COALESCE_MS);
    // A pending snapshot must not keep a process alive that has nothing else to do.
    this.#timer.unref();
  }

  /**
   * Writes the current state now (after any write under way) and resolves when it is on disk.
   * @throws the file system error when the write fails
   */
  public async flush(): Promise<void> {
    this.#cancelTimer();
    this.#dirty = true;
    // A write under way may already include this state (it builds the snapshot when it starts a round).
    while (this.#writing !== undefined) {
      await this.#writing.catch(() => undefined);
    }
    if (this.#dirty) {
      await this.#drain();
    }
  }

  /** Writes the final state (call after setting the phase to `stopped`) and ignores later changes. */
  public async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    await this.flush();
    this.#closed = true;
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  // One writer at a time; changes noted meanwhile are folded into one more write.
  async #drain(): Promise<void> {
    if (this.#writing !== undefined) {
      return this.#writing;
    }
    this.#writing = (async (): Promise<void> => {
      while (this.#dirty) {
        this.#dirty = false;
        try {
          await this.#writeOnce();
        } catch (error) {
          // The state is still unwritten: the next change or flush tries again.
          this.#dirty = true;
          throw error;
        }
      }
    })();
    try {
      await this.#writing;
    } finally {
      this.#writing = undefined;
    }
  }

  async #writeOnce(): Promise<void> {
    const snapshot = this.#options.build();
    await writeFileAtomic(this.#options.file, `${JSON.stringify(snapshot, null, 2)}\n`, 0o600);
    // The process umask can narrow the mode given at creation, never widen it; chmod states it exactly.
    await chmod(this.#options.file, 0o600);
  }
}
