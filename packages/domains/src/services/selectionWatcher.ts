/** Follows the configuration file and applies selection changes: resolver first, then a swap per changed key. */
import { createSilentLogger, DOMAINS, type Domain, type Oneiric, type OneiricError, type OneiricLogger, type SelectionsByDomain } from '@oneiric/core';
import { FileWatch, internalsOf, keyId } from '@oneiric/core/internal';
import { diffSelections } from '../calculations/diffSelections.js';
import { refusalFor } from '../calculations/refusalFor.js';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { ActivityStore } from './activityStore.js';

/**
 * Options of a {@link SelectionWatcher}.
 * @category Bridges and services
 */
export interface SelectionWatcherOptions {
  /** Reads the selections now (e.g. `loadSettings` then `selectionsFromSettings`). */
  readonly loadSelections: () => Promise<SelectionsByDomain>;
  /** The file (or directory) whose changes trigger a reload. */
  readonly watchPath: string;
  /** Poll instead of file events (also the fallback when file events are unavailable). */
  readonly usePolling?: boolean;
  /** Polling period, in milliseconds (default 1000). */
  readonly pollIntervalMs?: number;
  /** Logger for reload and swap errors. */
  readonly logger?: OneiricLogger;
}

/**
 * Applies configuration changes while the application runs. On each change of the watched
 * file the selections are re-read and compared with the last ones; each changed key gets its
 * new selection in the resolver (so `list` and `explain` show it) and is swapped to its new
 * winner, and a removed selection swaps back to the precedence winner. A key that is paused or
 * draining (in the activity store or the application's admission) keeps its instance and its selection: the latest new selection of the key (a
 * removal included) is held here, and put into the resolver and swapped to when the key
 * accepts work again (the Python original dropped it), so an `app.sync()` in between does not
 * swap a paused key. Errors (a broken file, a failed swap) are logged and the watcher keeps
 * running.
 * @category Bridges and services
 */
export class SelectionWatcher {
  readonly #app: Oneiric;
  readonly #activity: ActivityStore;
  readonly #options: SelectionWatcherOptions;
  readonly #logger: OneiricLogger;
  // Selections held back while their key refuses work: the latest per key (undefined: a removal).
  readonly #deferred = new Map<string, { domain: Domain; key: string; provider: string | undefined }>();
  #current: SelectionsByDomain = {};
  #isStarted = false;
  readonly #fileWatch: FileWatch;
  #checking: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;

  /**
   * @param app - the application whose resolver and lifecycle are updated
   * @param activity - the pause/drain store that can defer swaps
   * @param options - how to read and what to watch
   */
  public constructor(app: Oneiric, activity: ActivityStore, options: SelectionWatcherOptions) {
    this.#app = app;
    this.#activity = activity;
    this.#options = options;
    this.#logger = options.logger ?? createSilentLogger();
    this.#fileWatch = new FileWatch({
      file: options.watchPath,
      mode: options.usePolling === true ? 'polling' : 'events',
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      logger: this.#logger,
      onChange: () => {
        this.check().catch((error: unknown) => this.#logger.error('selection watcher check failed', { error: String(error) }));
      },
    });
  }

  /** Keys whose selection change waits for a resume, as `domain:key`. */
  public get deferredKeys(): string[] {
    return [...this.#deferred.values()].map(({ domain, key }) => `${domain}:${key}`);
  }

  /** True when the watcher polls rather than receives file events. */
  public get isPolling(): boolean {
    return this.#fileWatch.isPolling;
  }

  /**
   * Reads the baseline selections and starts watching.
   * @throws DomainError `alreadyStarted` on a second call
   */
  public async start(): Promise<void> {
    if (this.#isStarted) {
      throw new DomainError(DomainErrorKind.alreadyStarted, `The selection watcher of ${this.#options.watchPath} is already started`);
    }
    this.#isStarted = true;
    // The file's baseline text first, then the selections: a change made from here on differs from
    // the text, and its check runs after the baseline selections are in (checks queue behind it).
    await this.#fileWatch.start();
    const baseline = this.#options.loadSelections().then((selections) => {
      this.#current = selections;
    }, (error: unknown) => {
      this.#logger.warn('selection watcher could not read the baseline', { file: this.#options.watchPath, error: String(error) });
    });
    this.#checking = baseline;
    await baseline;
    // Either the store or the application's admission may be the one that opens the key last.
    const offActivity = this.#activity.onChange((change) => this.#applyDeferredIfAccepting(change.domain, change.key));
    const offAdmission = this.#app.on('admissionChanged', (change) => this.#applyDeferredIfAccepting(change.domain, change.key));
    this.#unsubscribe = () => {
      offActivity();
      offAdmission();
    };
  }

  /** Stops watching; deferred swaps are forgotten. */
  public stop(): void {
    this.#fileWatch.stop();
    this.#unsubscribe?.();
    this.#deferred.clear();
    this.#isStarted = false;
  }

  /** Re-reads the selections and applies what changed; concurrent calls run one after the other. */
  public check(): Promise<void> {
    const run = this.#checking.then(() => this.#checkNow());
    this.#checking = run.catch(() => undefined);
    return run;
  }

  async #checkNow(): Promise<void> {
    let next: SelectionsByDomain;
    try {
      next = await this.#options.loadSelections();
    } catch (error) {
      this.#logger.error('selection watcher could not reload the configuration; keeping the current selections', { file: this.#options.watchPath, error: String(error) });
      return;
    }
    const swaps: Array<Promise<void>> = [];
    for (const domain of DOMAINS) {
      for (const change of diffSelections(this.#current[domain] ?? {}, next[domain] ?? {})) {
        const id = keyId(domain, change.key);
        const refusal = this.#refusal(domain, change.key);
        if (refusal !== undefined) {
          // Not in the resolver yet: a sync would swap the key while it refuses work.
          this.#deferred.set(id, { domain, key: change.key, provider: change.provider });
          this.#logger.info('selection changed on a key that refuses work; swap deferred until it resumes', { domain, key: change.key, provider: change.provider ?? null, reason: refusal.kind });
          continue;
        }
        this.#deferred.delete(id);
        this.#app.setSelection(domain, change.key, change.provider);
        swaps.push(this.#swap(domain, change.key));
      }
    }
    this.#current = next;
    await Promise.all(swaps);
  }

  // The application's admission first, then the store's own state (for a store not connected to it).
  #refusal(domain: Domain, key: string): OneiricError | undefined {
    return internalsOf(this.#app).admission.refusal(domain, key) ?? refusalFor(domain, key, this.#activity.get(domain, key));
  }

  #applyDeferredIfAccepting(domain: Domain, key: string): void {
    const id = keyId(domain, key);
    const pending = this.#deferred.get(id);
    if (pending !== undefined && this.#refusal(domain, key) === undefined) {
      this.#deferred.delete(id);
      this.#app.setSelection(pending.domain, pending.key, pending.provider);
      void this.#swap(pending.domain, pending.key);
    }
  }

  async #swap(domain: Domain, key: string): Promise<void> {
    const winner = this.#app.resolve(domain, key);
    if (winner === undefined || this.#app.active(domain, key) === winner) {
      return;
    }
    try {
      await this.#app.swap(domain, key);
    } catch (error) {
      this.#logger.error('selection watcher swap failed', { domain, key, provider: winner.provider, error: String(error) });
    }
  }
}
