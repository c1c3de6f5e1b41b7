/** Records each key's lifecycle status (state changes, swap counters and durations) in the status store. */
import type { Domain } from '../models/domain.js';
import { initialKeyStatus, RECENT_SWAP_SAMPLES, type KeyStatus } from '../models/keyStatus.js';
import type { StatusStore } from './statusStore.js';

/**
 * Turns lifecycle steps into status updates: stamps `lastStateChangeAt` when the state
 * changes, and keeps the swap counters and the recent swap durations.
 */
export class KeyStatusRecorder {
  readonly #store: StatusStore;

  /** @param store - where the statuses are kept (and persisted) */
  public constructor(store: StatusStore) {
    this.#store = store;
  }

  /** The key's status (an `unknown` status when never touched). */
  public status(domain: Domain, key: string): KeyStatus {
    return this.#store.get(domain, key) ?? initialKeyStatus(domain, key);
  }

  /** Applies `patch` to the key's status. */
  public update(domain: Domain, key: string, patch: Partial<KeyStatus>): void {
    const current = this.status(domain, key);
    const stateChanged = patch.state !== undefined && patch.state !== current.state;
    this.#store.set({
      ...current,
      ...patch,
      ...(stateChanged ? { lastStateChangeAt: new Date().toISOString() } : {}),
    });
  }

  /** Records a finished swap (its duration and outcome) together with `patch`. */
  public recordSwap(domain: Domain, key: string, durationMs: number, succeeded: boolean, patch: Partial<KeyStatus>): void {
    const current = this.status(domain, key);
    const rounded = Math.round(durationMs * 1000) / 1000;
    this.update(domain, key, {
      ...patch,
      lastSwapDurationMs: rounded,
      recentSwapDurationsMs: [...current.recentSwapDurationsMs, rounded].slice(-RECENT_SWAP_SAMPLES),
      successfulSwaps: current.successfulSwaps + (succeeded ? 1 : 0),
      failedSwaps: current.failedSwaps + (succeeded ? 0 : 1),
    });
  }
}
