import { retryWithBackoff } from './retryWithBackoff.js';

/** An operation that fails `failures` times, then returns `value`; it records each attempt number. */
function flaky<T>(failures: number, value: T) {
  const attempts: number[] = [];
  const errors: Error[] = [];
  const operation = (attempt: number): Promise<T> => {
    attempts.push(attempt);
    if (attempts.length <= failures) {
      const error = new Error(`failure ${attempts.length}`);
      errors.push(error);
      return Promise.reject(error);
    }
    return Promise.resolve(value);
  };
  return { operation, attempts, errors };
}

/** Records onRetry calls. */
function retries() {
  const calls: Array<{ error: unknown; attempt: number; delayMs: number }> = [];
  return { calls, onRetry: (error: unknown, attempt: number, delayMs: number): void => {
    calls.push({ error, attempt, delayMs });
  } };
}

/** Awaits a promise that must reject and returns the reason. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const FAST = { baseDelayMs: 1, maxDelayMs: 5, jitter: 0 } as const;

describe('retryWithBackoff', () => {
  describe('when the first attempt succeeds', () => {
    it('returns its value after one attempt, without waiting', async () => {
      const { operation, attempts } = flaky(0, 'ok');
      const { calls, onRetry } = retries();
      await expect(retryWithBackoff(operation, { ...FAST, onRetry })).resolves.toBe('ok');
      expect(attempts).toEqual([1]);
      expect(calls).toEqual([]);
    });
  });

  describe('when an attempt fails', () => {
    it('retries until an attempt succeeds, numbering attempts from 1', async () => {
      const { operation, attempts, errors } = flaky(2, 'third time lucky');
      const { calls, onRetry } = retries();

      await expect(retryWithBackoff(operation, { ...FAST, attempts: 5, onRetry })).resolves.toBe('third time lucky');

      expect(attempts).toEqual([1, 2, 3]);
      expect(calls.map((call) => [call.error, call.attempt])).toEqual([[errors[0], 1], [errors[1], 2]]);
    });

    it('makes 3 attempts by default and rethrows the last error', async () => {
      const { operation, attempts, errors } = flaky(10, 'never');
      // Expected: the third attempt's own error, because all 3 default attempts fail.
      expect(await rejection(retryWithBackoff(operation, FAST))).toBe(errors[2]);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('makes exactly `attempts` attempts', async () => {
      const { operation, attempts, errors } = flaky(10, 'never');
      // Expected: the fifth attempt's error, because attempts is 5 and every attempt fails.
      expect(await rejection(retryWithBackoff(operation, { ...FAST, attempts: 5 }))).toBe(errors[4]);
      expect(attempts).toEqual([1, 2, 3, 4, 5]);
    });

    it.each([
      [0, 1],
      [-3, 1],
      [2.9, 2],
    ])('treats attempts: %p as %p attempt(s)', async (requested, expected) => {
      const { operation, attempts } = flaky(10, 'never');
      await expect(retryWithBackoff(operation, { ...FAST, attempts: requested })).rejects.toThrow('failure');
      expect(attempts).toHaveLength(expected);
    });

    // BUG (reported): `Math.max(1, Math.floor(NaN))` is NaN and `attempt >= NaN` is never true,
    // so attempts: NaN (e.g. from Number('') of a bad setting) retries forever. Here the
    // operation gives up failing on its 6th call; the retry should have stopped long before.
    it('does not retry forever when attempts is NaN', async () => {
      const { operation, attempts } = flaky(5, 'ran away');
      const outcome = await retryWithBackoff(operation, { ...FAST, attempts: Number.NaN }).then(
        (value) => value,
        () => 'gave up',
      );
      expect(outcome).toBe('gave up');
      expect(attempts.length).toBeLessThanOrEqual(3);
    });

    it('stops at once when retryOn returns false, and passes it the error and attempt', async () => {
      const { operation, attempts, errors } = flaky(10, 'never');
      const seen: Array<[unknown, number]> = [];
      const retryOn = (error: unknown, attempt: number): boolean => {
        seen.push([error, attempt]);
        return attempt < 2;
      };

      // Expected: the second attempt's error, because retryOn refuses to retry after attempt 2.
      expect(await rejection(retryWithBackoff(operation, { ...FAST, attempts: 10, retryOn }))).toBe(errors[1]);

      expect(attempts).toEqual([1, 2]);
      expect(seen).toEqual([[errors[0], 1], [errors[1], 2]]);
    });

    it('does not ask retryOn about the last attempt', async () => {
      const { operation } = flaky(10, 'never');
      const asked: number[] = [];
      await expect(retryWithBackoff(operation, {
        ...FAST, attempts: 2, retryOn: (_error, attempt) => {
          asked.push(attempt);
          return true;
        },
      })).rejects.toThrow('failure 2');
      expect(asked).toEqual([1]);
    });
  });

  describe('delays', () => {
    it('reports doubling, capped delays to onRetry (no spread when random is 0.5)', async () => {
      const { operation } = flaky(10, 'never');
      const { calls, onRetry } = retries();
      await expect(retryWithBackoff(operation, {
        attempts: 5, baseDelayMs: 2, maxDelayMs: 10, jitter: 0.5, random: () => 0.5, onRetry,
      })).rejects.toThrow();
      expect(calls.map((call) => call.delayMs)).toEqual([2, 4, 8, 10]);
    });

    it('spreads delays with the injected random source', async () => {
      const { operation } = flaky(10, 'never');
      const low = retries();
      await expect(retryWithBackoff(operation, {
        attempts: 3, baseDelayMs: 4, maxDelayMs: 100, jitter: 0.5, random: () => 0, onRetry: low.onRetry,
      })).rejects.toThrow();
      // delay × (1 - 0.5): 4 → 2, 8 → 4
      expect(low.calls.map((call) => call.delayMs)).toEqual([2, 4]);

      const draws = [0.75, 0.25];
      const high = retries();
      await expect(retryWithBackoff(flaky(10, 'never').operation, {
        attempts: 3, baseDelayMs: 4, maxDelayMs: 100, jitter: 0.5, random: () => draws.shift() ?? 0.5, onRetry: high.onRetry,
      })).rejects.toThrow();
      // 4 × (1 + 0.5 × 0.5) = 5; 8 × (1 - 0.5 × 0.5) = 6
      expect(high.calls.map((call) => call.delayMs)).toEqual([5, 6]);
    });

    it('actually waits the reported delays between attempts', async () => {
      const stamps: number[] = [];
      const { calls, onRetry } = retries();
      const started = performance.now();
      await expect(retryWithBackoff(async () => {
        stamps.push(performance.now() - started);
        throw new Error('again');
      }, { attempts: 3, baseDelayMs: 15, maxDelayMs: 100, jitter: 0, onRetry })).rejects.toThrow('again');

      expect(calls.map((call) => call.delayMs)).toEqual([15, 30]);
      expect(stamps).toHaveLength(3);
      // Timers may fire up to a millisecond early on some platforms.
      expect((stamps[1] ?? 0) - (stamps[0] ?? 0)).toBeGreaterThanOrEqual(14);
      expect((stamps[2] ?? 0) - (stamps[1] ?? 0)).toBeGreaterThanOrEqual(29);
    });
  });

  describe('with an abort signal', () => {
    it('stops waiting when the signal aborts and makes no further attempt', async () => {
      const controller = new AbortController();
      const { operation, attempts } = flaky(10, 'never');
      const outcome = retryWithBackoff(operation, { attempts: 5, baseDelayMs: 5_000, jitter: 0, signal: controller.signal });
      setTimeout(() => controller.abort(), 10);

      const started = Date.now();
      await expect(outcome).rejects.toMatchObject({ name: 'AbortError' });

      expect(Date.now() - started).toBeLessThan(1_000);
      expect(attempts).toEqual([1]);
    });
  });
});
