/** Waits for a key's next swap, for tests of code that swaps in the background. */
import type { Oneiric } from '../application/oneiric.js';
import type { SwapResult } from '../lifecycle/swapTypes.js';
import type { Domain } from '../models/domain.js';
import { TimeoutError } from '../errors/timeoutError.js';

/** Which swap {@link waitForSwap} waits for. */
export interface SwapMatcher {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Only a swap to this provider (any provider when absent). */
  readonly provider?: string;
}

/**
 * Resolves with the next matching swap's result; rejects with the swap's `LifecycleError`
 * when a matching swap fails, or with `TimeoutError` after `timeoutMs` (default 5 s). Call it
 * before triggering the swap, so the event cannot be missed.
 * @example
 * ```ts
 * const swapped = waitForSwap(app, { domain: 'adapter', key: 'cache', provider: 'memory' });
 * watcherWritesSelectionFile();
 * expect((await swapped).previousProvider).toBe('redis');
 * ```
 * @category Testing
 */
export function waitForSwap(app: Oneiric, matcher: SwapMatcher, timeoutMs = 5000): Promise<SwapResult> {
  const matches = (event: { domain: Domain; key: string; provider: string }): boolean =>
    event.domain === matcher.domain && event.key === matcher.key && (matcher.provider === undefined || event.provider === matcher.provider);
  return new Promise<SwapResult>((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      offSwapped();
      offFailed();
    };
    const timer = setTimeout(() => {
      stop();
      reject(new TimeoutError(`wait for a swap of ${matcher.domain}:${matcher.key}${matcher.provider === undefined ? '' : ` to ${matcher.provider}`}`, timeoutMs));
    }, timeoutMs);
    const offSwapped = app.on('swapped', (result) => {
      if (matches(result)) {
        stop();
        resolve(result);
      }
    });
    const offFailed = app.on('swapFailed', (failure) => {
      if (matches(failure)) {
        stop();
        reject(failure.error);
      }
    });
  });
}
