/** Pause/drain state per key, kept in an atomic JSON file that every process on the machine sees. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSilentLogger, type Domain, type OneiricLogger } from '@oneiric/core';
import { FileWatch, messageOf, withFileLock, writeFileAtomic } from '@oneiric/core/internal';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { ActivityState } from '../models/activityState.js';

/**
 * Name of the activity file inside the cache directory.
 * @category Bridges and services
 */
export const ACTIVITY_FILE_NAME = 'activity.json';

/**
 * Options of an {@link ActivityStore}.
 * @category Bridges and services
 */
export interface ActivityStoreOptions {
  /** Directory of `activity.json`; in memory only (this process) when absent. */
  readonly cacheDir?: string;
  /** How often `watch()` re-reads the file besides file events, in milliseconds (default 500). */
  readonly pollIntervalMs?: number;
  /** Logger for unreadable files. */
  readonly logger?: OneiricLogger;
  /**
   * How long a change waits for the cross-process lock (`activity.json.lock`) held by another
   * live process, in milliseconds (default 15 000); then DomainError `activityStoreLocked`.
   */
  readonly lockTimeoutMs?: number;
  /**
   * Age after which a lock is taken over even when its process seems alive (a reused pid), in
   * milliseconds (default 10 000). A lock whose process is gone is taken over at once.
   */
  readonly staleLockMs?: number;
}

/**
 * A change of one key's state; `previous` is undefined when the key had no state.
 * @category Bridges and services
 */
export interface ActivityChange {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** The new state (all false, note null, when resumed and cleared). */
  readonly state: ActivityState;
  /** The state before. */
  readonly previous: ActivityState | undefined;
}

/**
 * A row of {@link ActivityStore.list}.
 * @category Bridges and services
 */
export interface ActivityEntry extends ActivityState {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
}

type StoredActivity = Record<string, Record<string, ActivityState>>;

/**
 * Pause and drain flags with a note, per key. Every change takes a cross-process lock
 * (`activity.json.lock`, created exclusively; a lock left by a dead process or older than
 * `staleLockMs` is taken over), re-reads the file, applies the one change and writes
 * atomically, so processes changing different keys at the same time never lose each other's
 * changes. A change is refused (DomainError `activityStoreUnreadable`) when the existing file
 * cannot be read or parsed, rather than overwriting the other keys. `watch()` makes changes by
 * other processes visible here (file events, plus polling because file events are unreliable
 * on some file systems) and reports them to listeners; reloads are queued behind this
 * process's own changes, so a reload never brings back a state older than a finished change.
 * Keys that are neither paused nor draining and have no note are not stored.
 * @category Bridges and services
 */
export class ActivityStore {
  readonly #file: string | undefined;
  readonly #pollIntervalMs: number;
  readonly #logger: OneiricLogger;
  readonly #listeners = new Set<(change: ActivityChange) => void>();
  #states: StoredActivity = {};
  #lastText = '';
  readonly #lockTimeoutMs: number;
  readonly #staleLockMs: number;
  // Reloads and changes of this store run one after the other, in call order.
  #queue: Promise<unknown> = Promise.resolve();
  #isReloadQueued = false;
  #fileWatch: FileWatch | undefined;

  /** @param options - where the file lives, polling period, lock waits, logger */
  public constructor(options: ActivityStoreOptions = {}) {
    this.#file = options.cacheDir === undefined ? undefined : join(options.cacheDir, ACTIVITY_FILE_NAME);
    this.#pollIntervalMs = options.pollIntervalMs ?? 500;
    this.#logger = options.logger ?? createSilentLogger();
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
    this.#staleLockMs = options.staleLockMs ?? 10_000;
  }

  /** Path of the file, or undefined for an in-memory store. */
  public get file(): string | undefined {
    return this.#file;
  }

  /**
   * Reads the file (a missing file is an empty store); listeners hear about what changed. An
   * unreadable or broken file is logged and the previous state kept. Runs after the changes
   * already requested.
   */
  public load(): Promise<void> {
    return this.#enqueue(() => this.#reload());
  }

  async #reload(): Promise<void> {
    if (this.#file === undefined) {
      return;
    }
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#logger.warn('activity file unreadable', { file: this.#file, error: String(error) });
        return;
      }
      text = '{}';
    }
    if (text === this.#lastText) {
      return;
    }
    let parsed: StoredActivity;
    try {
      parsed = parseStored(text);
    } catch (error) {
      // A half-written file cannot happen (atomic writes); a hand-edited broken one keeps the last good view.
      this.#logger.warn('activity file is not valid JSON; keeping the previous state', { file: this.#file, error: String(error) });
      return;
    }
    this.#lastText = text;
    const before = this.#states;
    this.#states = parsed;
    this.#notifyDifferences(before, parsed);
  }

  /** The key's state, or undefined when it is neither paused nor draining and has no note. */
  public get(domain: Domain, key: string): ActivityState | undefined {
    return this.#states[domain]?.[key];
  }

  /** Every stored key, sorted by domain then key. */
  public list(): ActivityEntry[] {
    return Object.entries(this.#states)
      .flatMap(([domain, keys]) => Object.entries(keys).map(([key, state]) => ({ domain: domain as Domain, key, ...state })))
      .sort((a, b) => a.domain.localeCompare(b.domain) || a.key.localeCompare(b.key));
  }

  /**
   * Pauses or resumes a key. `note`: a string sets it, null clears it, undefined keeps it.
   * Draining is left as it is.
   */
  public setPaused(domain: Domain, key: string, isPaused: boolean, note?: string | null): Promise<ActivityState> {
    return this.#change(domain, key, (state) => ({ ...state, paused: isPaused, note: note === undefined ? state.note : note }));
  }

  /** Starts or clears draining of a key; `note` as in {@link ActivityStore.setPaused}. Pause is left as it is. */
  public setDraining(domain: Domain, key: string, isDraining: boolean, note?: string | null): Promise<ActivityState> {
    return this.#change(domain, key, (state) => ({ ...state, draining: isDraining, note: note === undefined ? state.note : note }));
  }

  /** Subscribes to changes, local or from other processes; returns the unsubscribe function. */
  public onChange(listener: (change: ActivityChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts following the file (file events plus polling); calling it again does nothing. */
  public watch(): void {
    if (this.#file === undefined || this.#fileWatch !== undefined) {
      return;
    }
    const reload = (): void => {
      // One queued reload is enough: it reads the file as it is when it runs.
      if (this.#isReloadQueued) {
        return;
      }
      this.#isReloadQueued = true;
      this.#enqueue(async () => {
        this.#isReloadQueued = false;
        await this.#reload();
      }).catch((error: unknown) => this.#logger.warn('activity reload failed', { error: String(error) }));
    };
    this.#fileWatch = new FileWatch({
      file: this.#file,
      mode: 'eventsAndPolling',
      pollIntervalMs: this.#pollIntervalMs,
      createDirectory: true,
      logger: this.#logger,
      onChange: reload,
    });
    // Whatever changed between the last load and the watch's baseline: compare once it is in place.
    this.#fileWatch.start().then(reload, (error: unknown) => this.#logger.warn('activity file watch unavailable', { error: String(error) }));
  }

  /** Stops following the file. */
  public close(): void {
    this.#fileWatch?.stop();
    this.#fileWatch = undefined;
  }

  /** Resolves when every change made so far is on disk. */
  public async flush(): Promise<void> {
    await this.#queue;
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #change(domain: Domain, key: string, update: (state: ActivityState) => Omit<ActivityState, 'updatedAt'>): Promise<ActivityState> {
    return this.#enqueue(async () => {
      if (this.#file === undefined) {
        return this.#apply(this.#states, domain, key, update);
      }
      const file = this.#file;
      return this.#withFileLock(file, async () => {
        // Re-read under the lock: another process may have changed other keys since our last look.
        const fresh = await readStrict(file);
        const before = this.#states;
        if (fresh.text !== this.#lastText) {
          this.#lastText = fresh.text;
          this.#states = fresh.states;
          this.#notifyDifferences(before, fresh.states);
        }
        return this.#apply(fresh.states, domain, key, update, file);
      });
    });
  }

  async #apply(base: StoredActivity, domain: Domain, key: string, update: (state: ActivityState) => Omit<ActivityState, 'updatedAt'>, file?: string): Promise<ActivityState> {
    const current = base[domain]?.[key] ?? { paused: false, draining: false, note: null, updatedAt: new Date(0).toISOString() };
    const next: ActivityState = { ...update(current), updatedAt: new Date().toISOString() };
    const states: StoredActivity = { ...base, [domain]: { ...base[domain] } };
    const ofDomain = states[domain]!;
    if (!next.paused && !next.draining && next.note === null) {
      delete ofDomain[key];
    } else {
      ofDomain[key] = next;
    }
    if (Object.keys(ofDomain).length === 0) {
      delete states[domain];
    }
    if (file !== undefined) {
      const text = `${JSON.stringify(states, null, 2)}\n`;
      await writeFileAtomic(file, text);
      this.#lastText = text;
    }
    const before = this.#states;
    this.#states = states;
    this.#notifyDifferences(before, states);
    return next;
  }

  // The one cross-process lock of core: the file is shared with CLIs and other runtimes.
  #withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
    return withFileLock(file, work, {
      timeoutMs: this.#lockTimeoutMs,
      staleMs: this.#staleLockMs,
      logger: this.#logger,
      timeoutError: () => new DomainError(DomainErrorKind.activityStoreLocked, `The activity file ${file} is locked by another process (${file}.lock); try again later`, { file }),
    });
  }

  #notifyDifferences(before: StoredActivity, after: StoredActivity): void {
    const domains = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const domain of domains) {
      const keys = new Set([...Object.keys(before[domain] ?? {}), ...Object.keys(after[domain] ?? {})]);
      for (const key of keys) {
        const previous = before[domain]?.[key];
        const state = after[domain]?.[key];
        if (previous?.updatedAt === state?.updatedAt && previous?.paused === state?.paused && previous?.draining === state?.draining && previous?.note === state?.note) {
          continue;
        }
        const change: ActivityChange = {
          domain: domain as Domain,
          key,
          state: state ?? { paused: false, draining: false, note: null, updatedAt: new Date().toISOString() },
          previous,
        };
        for (const listener of this.#listeners) {
          try {
            listener(change);
          } catch (error) {
            this.#logger.error('activity listener failed', { domain, key, error: String(error) });
          }
        }
      }
    }
  }
}

// The file as a change needs it: missing is empty; unreadable or unparsable refuses the change.
async function readStrict(file: string): Promise<{ text: string; states: StoredActivity }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { text: '{}', states: {} };
    }
    throw new DomainError(DomainErrorKind.activityStoreUnreadable, `The activity file ${file} cannot be read (${String(error)}); refusing to overwrite the other keys' pause and drain states`, { file }, error);
  }
  try {
    return { text, states: parseStored(text) };
  } catch (error) {
    throw new DomainError(DomainErrorKind.activityStoreUnreadable, `The activity file ${file} is not valid (${messageOf(error)}); fix or remove it: refusing to overwrite the other keys' pause and drain states`, { file }, error);
  }
}

function parseStored(text: string): StoredActivity {
  const raw = JSON.parse(text) as unknown;
  const result: StoredActivity = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SyntaxError('the top level is not a JSON object');
  }
  for (const [domain, keys] of Object.entries(raw)) {
    if (typeof keys !== 'object' || keys === null) {
      continue;
    }
    for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
      if (typeof value !== 'object' || value === null) {
        continue;
      }
      const entry = value as Record<string, unknown>;
      (result[domain] ??= {})[key] = {
        paused: entry['paused'] === true,
        draining: entry['draining'] === true,
        note: typeof entry['note'] === 'string' ? entry['note'] : null,
        updatedAt: typeof entry['updatedAt'] === 'string' ? entry['updatedAt'] : new Date(0).toISOString(),
      };
    }
  }
  return result;
}
