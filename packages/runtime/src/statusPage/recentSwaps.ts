/** A bounded ring of the swaps a runtime saw settle, newest first: the status page's swap history. */
import type { Oneiric } from '@oneiric/core';
import type { SwapRecord } from './swapRecord.js';

/** How many swaps the status page keeps by default. */
export const DEFAULT_RECENT_SWAPS = 20;

/**
 * Keeps the last `capacity` swaps the application reported through its `swapped` and
 * `swapFailed` events. Core keeps durations per key but no cross-key history, and the page needs
 * the order in which swaps happened across keys.
 * @category Status page
 */
export class RecentSwaps {
  readonly #capacity: number;
  readonly #now: () => Date;
  // Oldest first; trimmed from the front once over capacity.
  readonly #records: SwapRecord[] = [];

  /**
   * @param capacity - how many swaps to keep (at least 1)
   * @param now - the clock (tests pass a fixed one)
   */
  public constructor(capacity = DEFAULT_RECENT_SWAPS, now: () => Date = () => new Date()) {
    this.#capacity = Math.max(1, Math.floor(capacity));
    this.#now = now;
  }

  /** Adds one record, dropping the oldest when full. */
  public add(record: Omit<SwapRecord, 'at'>): void {
    this.#records.push({ at: this.#now().toISOString(), ...record });
    if (this.#records.length > this.#capacity) {
      this.#records.splice(0, this.#records.length - this.#capacity);
    }
  }

  /** The records kept, newest first. */
  public list(): SwapRecord[] {
    return [...this.#records].reverse();
  }

  /**
   * Records every swap of `app` from now on; returns the function that stops recording. A swap
   * that found its candidate already live (`changed` false) did nothing and is not recorded.
   */
  public follow(app: Oneiric): () => void {
    const offSwapped = app.on('swapped', (result) => {
      if (!result.changed) {
        return;
      }
      this.add({
        domain: result.domain, key: result.key, provider: result.provider, previousProvider: result.previousProvider,
        outcome: 'swapped', durationMs: result.durationMs, errorKind: null,
      });
    });
    const offFailed = app.on('swapFailed', (failure) => {
      // The event carries no duration; the key's status has the attempt's, recorded before the event.
      const status = app.status(failure.domain, failure.key);
      this.add({
        domain: failure.domain, key: failure.key, provider: failure.provider, previousProvider: status.currentProvider,
        outcome: 'failed', durationMs: status.lastSwapDurationMs, errorKind: failure.error.kind,
      });
    });
    return () => {
      offSwapped();
      offFailed();
    };
  }
}
