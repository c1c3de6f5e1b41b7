/** A counting semaphore: at most N holders at once, the others wait in arrival order. */

/**
 * Limits how many calls run at once; `tryAcquire` is the allocation-free fast path.
 * @category Bridges and services
 */
export class ConcurrencyLimit {
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  /** @param max - holders allowed at once (at least 1) */
  public constructor(public readonly max: number) {}

  /** Holders right now. */
  public get running(): number {
    return this.#running;
  }

  /** Callers waiting for a slot. */
  public get waiting(): number {
    return this.#waiting.length;
  }

  /** Takes a slot if one is free, without waiting. */
  public tryAcquire(): boolean {
    if (this.#running < this.max) {
      this.#running += 1;
      return true;
    }
    return false;
  }

  /** Resolves once a slot is held. */
  public acquire(): Promise<void> {
    if (this.tryAcquire()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Gives the slot back; the longest waiter, if any, gets it. */
  public release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) {
      this.#running -= 1;
    } else {
      // The slot passes straight to the waiter, so the count stays the same.
      next();
    }
  }
}
