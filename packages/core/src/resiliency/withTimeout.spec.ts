import { jest } from '@jest/globals';
import { TimeoutError } from '../errors/timeoutError.js';
import { withTimeout } from './withTimeout.js';

const sleep = <T>(ms: number, value: T): Promise<T> => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('withTimeout', () => {
  describe('when the work settles before the deadline', () => {
    it('resolves with the work\'s value', async () => {
      await expect(withTimeout(sleep(5, 'done'), 200, 'fast work')).resolves.toBe('done');
    });

    it('rejects with the work\'s own error', async () => {
      const failure = new Error('database down');
      await expect(withTimeout(Promise.reject(failure), 200, 'failing work')).rejects.toBe(failure);
    });

    it('accepts a plain value', async () => {
      await expect(withTimeout(42, 200, 'value')).resolves.toBe(42);
    });
  });

  describe('when the work is slower than the deadline', () => {
    it('rejects with a TimeoutError naming the step and the limit', async () => {
      let failure: unknown;
      try {
        await withTimeout(sleep(100, 'late'), 20, 'init of adapter:cache (redis)');
      } catch (error) {
        failure = error;
      }
      // Expected: TimeoutError, because the work needs 100 ms and the limit is 20 ms.
      expect(failure).toBeInstanceOf(TimeoutError);
      const timeout = failure as TimeoutError;
      expect(timeout.kind).toBe('timeout');
      expect(timeout.label).toBe('init of adapter:cache (redis)');
      expect(timeout.timeoutMs).toBe(20);
      expect(timeout.message).toBe('init of adapter:cache (redis) timed out after 20 ms');
      expect(timeout.name).toBe('TimeoutError');
    });

    it('does not turn a later rejection of the work into an unhandled rejection', async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => {
        unhandled.push(reason);
      };
      process.on('unhandledRejection', onUnhandled);
      try {
        const work = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('late failure')), 20));
        await expect(withTimeout(work, 5, 'step')).rejects.toBeInstanceOf(TimeoutError);
        await sleep(40, undefined);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
      expect(unhandled).toEqual([]);
    });
  });

  describe('with a limit that disables it', () => {
    it.each([
      ['Infinity', Number.POSITIVE_INFINITY],
      ['0', 0],
      ['a negative number', -5],
      ['NaN', Number.NaN],
    ])('waits for the work however long it takes when the limit is %s', async (_label, limit) => {
      await expect(withTimeout(sleep(15, 'eventually'), limit, 'unbounded')).resolves.toBe('eventually');
    });
  });

  describe('timers', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('leaves no timer behind once the work has settled', async () => {
      jest.useFakeTimers();
      await expect(withTimeout(Promise.resolve('ok'), 60_000, 'quick')).resolves.toBe('ok');
      await expect(withTimeout(Promise.reject(new Error('no')), 60_000, 'quick failure')).rejects.toThrow('no');
      expect(jest.getTimerCount()).toBe(0);
    });

    it('fires exactly at the limit', async () => {
      jest.useFakeTimers();
      let outcome = 'pending';
      const bounded = withTimeout(new Promise<never>(() => undefined), 1_000, 'never settles').catch((error: unknown) => {
        outcome = error instanceof TimeoutError ? 'timed out' : 'other';
      });
      await jest.advanceTimersByTimeAsync(999);
      expect(outcome).toBe('pending');
      await jest.advanceTimersByTimeAsync(1);
      await bounded;
      expect(outcome).toBe('timed out');
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
