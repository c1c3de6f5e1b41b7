/** Persists every key's lifecycle status in one JSON file in the cache directory. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKeyStatuses } from '../calculations/parseKeyStatuses.js';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import { CoalescedTask } from '../io/coalescedTask.js';
import { withFileLock } from '../io/withFileLock.js';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';
import type { KeyStatus } from '../models/keyStatus.js';
import { keyId } from '../services/candidateRegistry.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Name of the status file inside the cache directory. */
export const STATUS_FILE_NAME = 'lifecycle_status.json';

/** How long a write waits for the status file's lock held by another live process, in milliseconds. */
const LOCK_TIMEOUT_MS = 15_000;
/** Age past which a lock whose process seems alive (a reused pid) is taken over, in milliseconds. */
const STALE_LOCK_MS = 10_000;
/**
 * How long a write waits after a change for the rest of its burst, in milliseconds: one swap
 * changes its key's status four times, and a fleet flips every instance on the machine at once.
 */
const WRITE_DELAY_MS = 50;

/**
 * Holds statuses in memory and writes them behind to `<cacheDir>/lifecycle_status.json` with
 * atomic writes, one at a time, a burst of changes (within 50 ms) costing one write; the file
 * always ends with the latest state, and {@link StatusStore.flush} writes at once.
 * The file is shared (a runtime, CLIs, other applications on the same cache directory): each
 * write takes the cross-process lock (`lifecycle_status.json.lock`, as the activity store does),
 * re-reads the file and replaces only the keys this store changed since its last write, so two
 * processes writing at once never lose each other's keys. The in-memory view changes only
 * through `set` and `load`.
 */
export class StatusStore {
  /** Full path of the status file, or undefined for an in-memory store. */
  public readonly path: string | undefined;
  readonly #statuses = new Map<string, KeyStatus>();
  readonly #logger: OneiricLogger;
  readonly #writes: CoalescedTask;
  // Keys set since the last write began (as `domain:key`): what the next write puts in the file.
  #dirty = new Set<string>();
  // Set when the file could not be parsed: the next write replaces it with this store's whole view.
  #replaceFile = false;

  /**
   * @param cacheDir - directory of the status file; undefined keeps statuses in memory only
   * @param logger - where a corrupt file or a failed write is reported
   */
  public constructor(cacheDir: string | undefined, logger?: OneiricLogger) {
    this.path = cacheDir === undefined ? undefined : join(cacheDir, STATUS_FILE_NAME);
    this.#logger = logger ?? createSilentLogger();
    this.#writes = new CoalescedTask({
      run: async () => this.#writeChanges(),
      delayMs: WRITE_DELAY_MS,
      // A CLI that swaps and exits must not lose the outcome to the delay.
      keepsProcessAlive: true,
      onError: (error) => this.#logger.error('could not write status file', { file: this.path, error: String(error) }),
    });
  }

  /**
   * Loads the file. A missing file is an empty store; a corrupt one is reported (warn), set
   * aside and replaced on the next write, never fatal. Changes of this store not yet written are
   * written first, so a reload never brings back an older status of a key this store changed.
   */
  public async load(): Promise<void> {
    if (this.path === undefined) {
      return;
    }
    await this.flush();
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
      this.#replaceFile = true;
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
    const id = keyId(status.domain, status.key);
    this.#statuses.set(id, status);
    this.#dirty.add(id);
    this.#scheduleWrite();
  }

  /** Writes the changes not yet written now (again, after a failed write), and resolves when every write has finished. */
  public async flush(): Promise<void> {
    if (this.#dirty.size > 0 || this.#replaceFile) {
      this.#scheduleWrite();
    }
    // A failed write was logged (onError) and its keys wait for the next one: never thrown here.
    await this.#writes.flush().catch(() => undefined);
  }

  #scheduleWrite(): void {
    if (this.path !== undefined) {
      this.#writes.request();
    }
  }

  // The keys changed since the last write began go into this write; a failed write hands them
  // to the next one (written with the next change, never retried in a loop).
  async #writeChanges(): Promise<void> {
    const path = this.path;
    if (path === undefined) {
      return;
    }
    const changed = this.#dirty;
    this.#dirty = new Set();
    try {
      await withFileLock(path, () => this.#mergeInto(path, changed), {
        timeoutMs: LOCK_TIMEOUT_MS,
        staleMs: STALE_LOCK_MS,
        logger: this.#logger,
        timeoutError: () => new LifecycleError(LifecycleErrorKind.statusFileLocked, `The status file ${path} is locked by another process (${path}.lock)`, { file: path }),
      });
    } catch (error) {
      changed.forEach((id) => this.#dirty.add(id));
      throw error;
    }
  }

  // Under the lock: the file as another process may have left it, with this store's changed keys replaced.
  async #mergeInto(path: string, changed: ReadonlySet<string>): Promise<void> {
    const merged = new Map<string, KeyStatus>();
    if (this.#replaceFile) {
      this.#replaceFile = false;
      this.#statuses.forEach((status, id) => merged.set(id, status));
    } else {
      for (const status of await readStatuses(path)) {
        merged.set(keyId(status.domain, status.key), status);
      }
    }
    for (const id of changed) {
      merged.set(id, this.#statuses.get(id)!);
    }
    await writeFileAtomic(path, `${JSON.stringify([...merged.values()], null, 2)}\n`);
  }
}

// The statuses in the file; a missing or unparsable file has none (an unparsable one is then replaced).
async function readStatuses(path: string): Promise<KeyStatus[]> {
  try {
    return parseKeyStatuses(await readFile(path, 'utf8')).statuses;
  } catch {
    return [];
  }
}
