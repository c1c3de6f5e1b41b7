// Tests of RefreshLoop under fake timers: the loop survives failed refreshes, starts once, and stops.
import { jest } from '@jest/globals';
import { RefreshLoop } from './refreshLoop.js';

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('RefreshLoop', () => {
  describe('start, having a refresh that always rejects', () => {
    it('goes on refreshing every interval', async () => {
      let calls = 0;
      const loop = new RefreshLoop(() => {
        calls += 1;
        return Promise.reject(new Error('remote down'));
      });

      loop.start(1_000);
      await jest.advanceTimersByTimeAsync(3_000);
      loop.stop();

      expect(calls).toBe(3);
    });
  });

  describe('start, called twice', () => {
    it('runs one loop, not two', async () => {
      let calls = 0;
      const loop = new RefreshLoop(() => Promise.resolve(calls += 1));

      loop.start(1_000);
      loop.start(1_000);
      await jest.advanceTimersByTimeAsync(2_000);
      loop.stop();

      expect(calls).toBe(2);
    });
  });

  describe('stop', () => {
    it('prevents any further refresh', async () => {
      let calls = 0;
      const loop = new RefreshLoop(() => Promise.resolve(calls += 1));
      loop.start(1_000);
      await jest.advanceTimersByTimeAsync(1_000);

      loop.stop();
      await jest.advanceTimersByTimeAsync(5_000);

      expect(calls).toBe(1);
      expect(loop.isRunning).toBe(false);
    });
  });
});
