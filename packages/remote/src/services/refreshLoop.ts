/** Repeats a refresh at a fixed interval until stopped, and never dies of a failed refresh. */

/** A timer loop that starts the next refresh only after the previous one settled. */
export class RefreshLoop {
  readonly #refresh: () => Promise<unknown>;
  #timer: NodeJS.Timeout | undefined;
  #isRunning = false;

  /** @param refresh - one refresh; a rejection is swallowed so the loop goes on */
  public constructor(refresh: () => Promise<unknown>) {
    this.#refresh = refresh;
  }

  /** Whether the loop is running. */
  public get isRunning(): boolean {
    return this.#isRunning;
  }

  /** Runs a refresh every `intervalMs` after the last one settled; a no-op while running. */
  public start(intervalMs: number): void {
    if (this.#isRunning) {
      return;
    }
    this.#isRunning = true;
    this.#schedule(intervalMs);
  }

  /** Stops scheduling (a refresh in progress finishes). */
  public stop(): void {
    this.#isRunning = false;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #schedule(intervalMs: number): void {
    this.#timer = setTimeout(() => {
      // The catch is a last guard so the loop can never die.
      void this.#refresh().catch(() => undefined).finally(() => {
        if (this.#isRunning) {
          this.#schedule(intervalMs);
        }
      });
    }, intervalMs);
    // The loop alone must not keep a process alive.
    this.#timer.unref();
  }
}
