import { jest } from '@jest/globals';
import { createSilentLogger } from '@oneiric/core';
import type { Runtime } from '../runtime/runtime.js';
import { installSignalHandlers } from './installSignalHandlers.js';

// The handlers only use these members of a runtime.
function fakeRuntime(stop: () => Promise<void>): { runtime: Runtime; abandoned: () => number } {
  let abandons = 0;
  const runtime = { logger: createSilentLogger(), stop, abandon: () => { abandons += 1; } } as unknown as Runtime;
  return { runtime, abandoned: () => abandons };
}

describe('installSignalHandlers', () => {
  let uninstall: (() => void) | undefined;

  afterEach(() => {
    uninstall?.();
    uninstall = undefined;
  });

  describe('on SIGINT', () => {
    it('stops the runtime, then exits 0', async () => {
      const exits: number[] = [];
      let stops = 0;
      const { runtime } = fakeRuntime(async () => { stops += 1; });
      uninstall = installSignalHandlers(runtime, (code) => { exits.push(code); });
      process.emit('SIGINT', 'SIGINT');
      await new Promise((resolve) => setImmediate(resolve));
      expect(stops).toBe(1);
      expect(exits).toEqual([0]);
    });
  });

  describe('given a second signal while the stop runs', () => {
    it('abandons the runtime\'s files and exits 1 at once', async () => {
      const exits: number[] = [];
      const { runtime, abandoned } = fakeRuntime(() => new Promise<void>(() => undefined));
      uninstall = installSignalHandlers(runtime, (code) => { exits.push(code); });
      process.emit('SIGTERM', 'SIGTERM');
      process.emit('SIGINT', 'SIGINT');
      expect(abandoned()).toBe(1);
      expect(exits).toEqual([1]);
    });
  });

  describe('when the stop fails', () => {
    it('exits 1', async () => {
      const exits: number[] = [];
      const { runtime } = fakeRuntime(() => Promise.reject(new Error('stuck')));
      const stderrWrite = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      uninstall = installSignalHandlers(runtime, (code) => { exits.push(code); });
      process.emit('SIGTERM', 'SIGTERM');
      await new Promise((resolve) => setImmediate(resolve));
      stderrWrite.mockRestore();
      expect(exits).toEqual([1]);
    });
  });
});
