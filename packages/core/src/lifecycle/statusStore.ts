/** Persists every key's lifecycle status in one JSON file in the cache directory. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKeyStatuses } from '../calculations/parseKeyStatuses.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { KeyStatus } from '../models/keyStatus.js';
import { keyId } from '../services/candidateRegistry.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Name of the status file inside the cache directory. */
export const STATUS_FILE_NAME = 'lifecycle_status.json';

/**
 * Holds statuses in memory and writes them through to `<cacheDir>/lifecycle_status.json` with
 * atomic writes, one at a time, coalescing bursts (the file always ends with the latest state).
 */
export class StatusStore {
  /** Full path of the status file, or undefined for an in-memory store. */
  public readonly path: string | undefined;
  readonly #statuses = new Map<string, KeyStatus>();
  readonly #logger: OneiricLogger;
  #writing: Promise<void> = Promise.resolve();
  #writePending = false;

  /**
   * @param cacheDir - directory of the status file; undefined keeps statuses in memory only
   * @param logger - where a corrupt file or a failed write is reported
   */
  public constructor(cacheDir: string | undefined, logger?: OneiricLogger) {
    this.path = cacheDir === undefined ? undefined : join(cacheDir, STATUS_FILE_NAME);
    this.#logger = logger ?? createSilentLogger();
  }

  /**
   * Loads the file. A missing file is an empty store; a corrupt one is reported (warn), set
   * aside and replaced on the next write, never fatal.
   */
  public async load(): Promise<void> {
    if (this.path === undefined) {
      return;
    }
    let content: string;
    try {
      content = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#logger.warn('status file unreadable; starting empty', { file: this.path, error: String(error) });
      }
      return;
    }
    try {
      const { statuses, skipped } = parseKeyStatuses(content);
      for (const status of statuses) {
        this.#statuses.set(keyId(status.domain, status.key), status);
      }
      if (skipped > 0) {
        this.#logger.warn('status file had invalid entries; they were dropped', { file: this.path, skipped });
      }
    } catch (error) {
      this.#logger.warn('status file is corrupt; it will be replaced', { file: this.path, error: String(error) });
      this.#scheduleWrite();
    }
  }

  /** Status of one key, if known. */
  public get(domain: string, key: string): KeyStatus | undefined {
    return this.#statuses.get(keyId(domain, key));
  }

  /** Every known status. */
  public all(): KeyStatus[] {
    return [...this.#statuses.values()];
  }

  /** Replaces a key's status and schedules a write. */
  public set(status: KeyStatus): void {
    this.#statuses.set(keyId(status.domain, status.key), status);
    this.#scheduleWrite();
  }

  /** Resolves when every scheduled write has finished. */
  public async flush(): Promise<void> {
    while (this.#writePending) {
      await this.#writing;
    }
    await this.#writing;
  }

  #scheduleWrite(): void {
    if (this.path === undefined || this.#writePending) {
      return;
    }
    this.#writePending = true;
    const path = this.path;
    this.#writing = this.#writing.then(async () => {
      // Take the snapshot when the write starts, so a burst of changes costs one write.
      this.#writePending = false;
      try {
        await writeFileAtomic(path, `${JSON.stringify(this.all(), null, 2)}\n`);
      } catch (error) {
        this.#logger.error('could not write status file', { file: path, error: String(error) });
      }
    });
  }
}
