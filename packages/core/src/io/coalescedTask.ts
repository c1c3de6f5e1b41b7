/** Runs a write-behind task once for a burst of requests, a little after the first, one run at a time. */

/** Options of {@link CoalescedTask}. */
export interface CoalescedTaskOptions {
  /** The work (a file write, say); it reads the latest state itself when it runs. */
  readonly run: () => Promise<void>;
  /** How long after the first request of a burst the run starts, in milliseconds. */
  readonly delayMs: number;
  /** Where a failed run is reported; the task does not retry by itself (the next request does). */
  readonly onError: (error: unknown) => void;
  /**
   * Whether a waiting run keeps the process alive (default false). True for state that must not
   * be lost when a short-lived process ends without flushing (it then ends `delayMs` later).
   */
  readonly keepsProcessAlive?: boolean;
}

/**
 * Write-behind for state that changes in bursts: a swap changes a key's status four times in a
 * millisecond, a fleet flip changes the desired state on every instance at once. The first
 * request starts a timer; the requests until it fires cost nothing more; a request during a run
 * causes exactly one more run after it, so the last run always sees the latest state. The delay
 * also moves the work out of the moment of the change itself, where other processes on the same
 * cores are busy with the same change. Unless `keepsProcessAlive`, the timer does not keep a
 * process alive: callers {@link CoalescedTask.flush} on close.
 */
export class CoalescedTask {
  readonly #options: CoalescedTaskOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #isRequested = false;
  // The failure of the latest run, until a run succeeds: what `flush` reports.
  #lastFailure: { readonly error: unknown } | undefined;

  /** @param options - the work, the delay and where failures go */
  public constructor(options: CoalescedTaskOptions) {
    this.#options = options;
  }

  /** Whether a run is requested or under way. */
  public get isPending(): boolean {
    return this.#isRequested || this.#running !== undefined;
  }

  /** Asks for a run: it starts `delayMs` after the first request of a burst. */
  public request(): void {
    this.#isRequested = true;
    if (this.#timer !== undefined || this.#running !== undefined) {
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, this.#options.delayMs);
    if (this.#options.keepsProcessAlive !== true) {
      this.#timer.unref();
    }
  }

  /**
   * Runs a requested run now (no delay) and resolves when no run is requested or under way.
   * @throws what the last run threw, when it failed (it was reported to `onError` as well)
   */
  public async flush(): Promise<void> {
    this.#cancelTimer();
    while (this.#running !== undefined) {
      await this.#running;
    }
    if (this.#isRequested) {
      await this.#drain();
    }
    if (this.#lastFailure !== undefined) {
      throw this.#lastFailure.error;
    }
  }

  /** Forgets a requested run that has not started (a run under way finishes). */
  public cancel(): void {
    this.#cancelTimer();
    this.#isRequested = false;
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #drain(): Promise<void> {
    if (this.#running !== undefined) {
      return this.#running;
    }
    if (!this.#isRequested) {
      return Promise.resolve();
    }
    this.#running = this.#runWhileRequested();
    return this.#running;
  }

  // A reporter that throws must not end the loop with a request pending and no timer.
  #report(error: unknown): void {
    try {
      this.#options.onError(error);
    } catch {
      // Nothing more can be done with it.
    }
  }

  // Cleared in the same synchronous step as the last check of the flag: a request can never land
  // between "nothing more to do" and "not running", where it would wait for a later request.
  async #runWhileRequested(): Promise<void> {
    try {
      while (this.#isRequested) {
        this.#isRequested = false;
        try {
          await this.#options.run();
          this.#lastFailure = undefined;
        } catch (error) {
          this.#lastFailure = { error };
          this.#report(error);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}
