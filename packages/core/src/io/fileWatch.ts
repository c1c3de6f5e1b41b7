/** The one way Oneiric follows a file another process may change: file events, polling where they fail, and a debounce. */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createSilentLogger, type OneiricLogger } from '../logging/createLogger.js';

/**
 * How a {@link FileWatch} learns of changes: `events` uses file events and polls only when they
 * are unavailable or fail; `eventsAndPolling` always polls besides (file events are unreliable on
 * some file systems: network mounts, some containers); `polling` never uses file events.
 */
export type FileWatchMode = 'events' | 'eventsAndPolling' | 'polling';

/** Options of a {@link FileWatch}. */
export interface FileWatchOptions {
  /** The file to follow; it may not exist yet. */
  readonly file: string;
  /** Called, after the debounce, when the file may have changed; never throws into the watch (wrap your own errors). */
  readonly onChange: () => void;
  /** How changes are noticed (default `events`). */
  readonly mode?: FileWatchMode;
  /** Polling period, in milliseconds (default 1000). */
  readonly pollIntervalMs?: number;
  /** Quiet time after the last event before `onChange` runs, in milliseconds (default 30): saving a file fires several events. */
  readonly debounceMs?: number;
  /** Create the file's directory (0700) before watching it, so file events work before the file's first write. */
  readonly createDirectory?: boolean;
  /** Where a fall-back to polling is reported. */
  readonly logger?: OneiricLogger;
}

/**
 * Follows one file. File events are taken on its directory, not on the file: editors and atomic
 * writers replace a file by renaming, which ends a watch on the file itself. Polling compares the
 * file's text with the text it last saw (a missing file reads as empty), so it reports real
 * changes only. Timers and the watcher never keep the process alive.
 */
export class FileWatch {
  readonly #options: FileWatchOptions;
  readonly #logger: OneiricLogger;
  #watcher: FSWatcher | undefined;
  #poll: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #lastText: string | undefined;
  #isStarted = false;

  /** @param options - the file, what to call, and how to watch */
  public constructor(options: FileWatchOptions) {
    this.#options = options;
    this.#logger = options.logger ?? createSilentLogger();
  }

  /** True while the file is polled (always in `polling` and `eventsAndPolling` modes, after a fall-back in `events`). */
  public get isPolling(): boolean {
    return this.#poll !== undefined;
  }

  /** Starts following the file; calling it while started does nothing. Resolves once changes from now on are noticed. */
  public async start(): Promise<void> {
    if (this.#isStarted) {
      return;
    }
    this.#isStarted = true;
    const { file, mode = 'events' } = this.#options;
    if (this.#options.createDirectory === true) {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
        this.#logger.warn('directory of a watched file unavailable', { file, error: String(error) });
      });
    }
    // The baseline first: a change made from here on differs from it and is not missed by polling.
    this.#lastText = await readText(file);
    if (!this.#isStarted) {
      return;
    }
    if (mode !== 'polling') {
      try {
        this.#watchEvents();
      } catch (error) {
        this.#logger.warn('file events unavailable; polling', { file, error: String(error) });
        this.#startPolling();
      }
    }
    if (mode !== 'events') {
      this.#startPolling();
    }
  }

  /** Stops following the file; a change already noticed but still in its debounce is dropped. */
  public stop(): void {
    this.#isStarted = false;
    this.#watcher?.close();
    this.#watcher = undefined;
    clearInterval(this.#poll);
    this.#poll = undefined;
    clearTimeout(this.#debounce);
    this.#debounce = undefined;
  }

  #watchEvents(): void {
    const { file } = this.#options;
    const name = basename(file);
    this.#watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      // Also the temporary names writers rename over the file (`<name>.<pid>.tmp`, `<name>~`).
      if (changed === null || changed.toString().startsWith(name)) {
        this.#scheduleChange();
      }
    });
    this.#watcher.on('error', (error) => {
      this.#logger.warn('file events failed; polling', { file, error: String(error) });
      this.#watcher?.close();
      this.#watcher = undefined;
      this.#startPolling();
      // Whatever changed while file events were failing: report now rather than wait for a change.
      this.#scheduleChange();
    });
  }

  #startPolling(): void {
    if (this.#poll !== undefined || !this.#isStarted) {
      return;
    }
    this.#poll = setInterval(() => {
      void readText(this.#options.file).then((text) => {
        if (this.#isStarted && text !== this.#lastText) {
          this.#lastText = text;
          this.#scheduleChange();
        }
      });
    }, this.#options.pollIntervalMs ?? 1000);
    this.#poll.unref();
  }

  #scheduleChange(): void {
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      if (!this.#isStarted) {
        return;
      }
      try {
        this.#options.onChange();
      } catch (error) {
        this.#logger.error('file change listener failed', { file: this.#options.file, error: String(error) });
      }
    }, this.#options.debounceMs ?? 30);
    this.#debounce.unref();
  }
}

// A file that cannot be read (missing, a directory, no permission) reads as empty: its appearance is a change.
function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}
