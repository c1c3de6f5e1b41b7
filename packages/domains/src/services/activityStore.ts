/** Pause/drain state per key, kept in an atomic JSON file that every process on the machine sees. */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSilentLogger, writeFileAtomic, type Domain, type OneiricLogger } from '@oneiric/core';
import type { ActivityState } from '../models/activityState.js';

/** Name of the activity file inside the cache directory. */
export const ACTIVITY_FILE_NAME = 'activity.json';

/** Options of an {@link ActivityStore}. */
export interface ActivityStoreOptions {
  /** Directory of `activity.json`; in memory only (this process) when absent. */
  readonly cacheDir?: string;
  /** How often `watch()` re-reads the file besides file events, in milliseconds (default 500). */
  readonly pollIntervalMs?: number;
  /** Logger for unreadable files. */
  readonly logger?: OneiricLogger;
}

/** A change of one key's state; `previous` is undefined when the key had no state. */
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

/** A row of {@link ActivityStore.list}. */
export interface ActivityEntry extends ActivityState {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
}

type StoredActivity = Record<string, Record<string, ActivityState>>;

/**
 * Pause and drain flags with a note, per key. Every change re-reads the file, applies the one
 * change and writes atomically, so two processes changing different keys do not overwrite each
 * other; `watch()` makes changes by other processes visible here (file events, plus polling
 * because file events are unreliable on some file systems) and reports them to listeners.
 * Keys that are neither paused nor draining and have no note are not stored.
 */
export class ActivityStore {
  readonly #file: string | undefined;
  readonly #pollIntervalMs: number;
  readonly #logger: OneiricLogger;
  readonly #listeners = new Set<(change: ActivityChange) => void>();
  #states: StoredActivity = {};
  #lastText = '';
  #writes: Promise<unknown> = Promise.resolve();
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;

  public constructor(options: ActivityStoreOptions = {}) {
    this.#file = options.cacheDir === undefined ? undefined : join(options.cacheDir, ACTIVITY_FILE_NAME);
    this.#pollIntervalMs = options.pollIntervalMs ?? 500;
    this.#logger = options.logger ?? createSilentLogger();
  }

  /** Path of the file, or undefined for an in-memory store. */
  public get file(): string | undefined {
    return this.#file;
  }

  /** Reads the file (a missing file is an empty store); listeners hear about what changed. */
  public async load(): Promise<void> {
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
    if (this.#file === undefined || this.#poll !== undefined) {
      return;
    }
    const reload = (): void => {
      this.load().catch((error: unknown) => this.#logger.warn('activity reload failed', { error: String(error) }));
    };
    this.#poll = setInterval(reload, this.#pollIntervalMs);
    this.#poll.unref();
    const directory = join(this.#file, '..');
    mkdir(directory, { recursive: true, mode: 0o700 }).then(() => {
      if (this.#poll === undefined) {
        return;
      }
      try {
        this.#watcher = watch(directory, { persistent: false }, (_event, name) => {
          if (name === null || name.toString() === ACTIVITY_FILE_NAME) {
            reload();
          }
        });
        this.#watcher.on('error', (error) => this.#logger.warn('activity file watch failed; polling only', { error: String(error) }));
      } catch (error) {
        this.#logger.warn('activity file watch unavailable; polling only', { error: String(error) });
      }
    }, (error: unknown) => this.#logger.warn('activity directory unavailable', { error: String(error) }));
  }

  /** Stops following the file. */
  public close(): void {
    clearInterval(this.#poll);
    this.#poll = undefined;
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  /** Resolves when every change made so far is on disk. */
  public async flush(): Promise<void> {
    await this.#writes;
  }

  #change(domain: Domain, key: string, update: (state: ActivityState) => Omit<ActivityState, 'updatedAt'>): Promise<ActivityState> {
    const run = this.#writes.then(async () => {
      // Re-read first: another process may have changed other keys since our last look.
      await this.load();
      const current = this.get(domain, key) ?? { paused: false, draining: false, note: null, updatedAt: new Date(0).toISOString() };
      const next: ActivityState = { ...update(current), updatedAt: new Date().toISOString() };
      const before = this.#states;
      const states: StoredActivity = { ...before, [domain]: { ...before[domain] } };
      const ofDomain = states[domain]!;
      if (!next.paused && !next.draining && next.note === null) {
        delete ofDomain[key];
      } else {
        ofDomain[key] = next;
      }
      if (Object.keys(ofDomain).length === 0) {
        delete states[domain];
      }
      if (this.#file !== undefined) {
        const text = `${JSON.stringify(states, null, 2)}\n`;
        await writeFileAtomic(this.#file, text);
        this.#lastText = text;
      }
      this.#states = states;
      this.#notifyDifferences(before, states);
      return next;
    });
    this.#writes = run.catch(() => undefined);
    return run;
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

function parseStored(text: string): StoredActivity {
  const raw = JSON.parse(text) as unknown;
  const result: StoredActivity = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return result;
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
