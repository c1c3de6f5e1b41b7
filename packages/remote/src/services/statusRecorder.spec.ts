// Tests of StatusRecorder over a real status file: successes, failures, timeouts, and a status file that cannot be written.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogger } from '../__fixtures__/captureLogger.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { SyncResult } from '../models/syncResult.js';
import { RemoteCache } from './remoteCache.js';
import { StatusRecorder } from './statusRecorder.js';

const result: SyncResult = {
  serial: 2, source: 'https://r.test/m.json', offline: false, signerKeyIds: [], registered: ['a'], unchanged: [], retracted: [], skipped: [], perDomain: { adapter: 1 }, digestChecks: 0, durationMs: 0,
};

let cacheDir: string;
let cache: RemoteCache;
let nowMs: number;

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-status-'));
  cache = new RemoteCache(cacheDir);
  nowMs = Date.parse('2026-01-01T00:00:00Z');
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

function recorder(logger = captureLogger().logger): StatusRecorder {
  return new StatusRecorder({ cache, logger, now: () => nowMs });
}

describe('StatusRecorder', () => {
  describe('recorded, having a sync that succeeds', () => {
    it('writes the success and returns the result with the whole run as its duration', async () => {
      const returned = await recorder().recorded('s', false, () => {
        nowMs += 40;
        return Promise.resolve(result);
      });

      expect(returned.durationMs).toBe(40);
      expect(await cache.readStatus()).toMatchObject({ consecutiveFailures: 0, lastSerial: 2, lastRegistered: 1, lastDurationMs: 40 });
    });
  });

  describe('recorded, having two syncs that fail', () => {
    it('rethrows the error and counts consecutive failures with the kind and the attempt', async () => {
      const failing = (): Promise<SyncResult> => Promise.reject(new RemoteError(RemoteErrorKind.fetchFailed, 'unreachable'));
      await expect(recorder().recorded('https://r.test/m.json', false, failing)).rejects.toMatchObject({ kind: RemoteErrorKind.fetchFailed });
      await expect(recorder().recorded('cache', true, failing)).rejects.toMatchObject({ kind: RemoteErrorKind.fetchFailed });

      expect(await cache.readStatus()).toMatchObject({ consecutiveFailures: 2, lastError: 'unreachable', lastErrorKind: 'fetchFailed', lastSource: 'cache', lastOffline: true });
    });
  });

  describe('recordTimeout', () => {
    it('counts a failure with the timeout kind', async () => {
      await recorder().recordTimeout(new RemoteError(RemoteErrorKind.timeout, 'the remote sync did not finish within 5 ms'));

      expect(await cache.readStatus()).toMatchObject({ consecutiveFailures: 1, lastErrorKind: 'timeout' });
    });
  });

  describe('recorded, having a status file that cannot be written', () => {
    // Telemetry must not turn a good sync into a failure: the result is returned and a warning logged.
    it('returns the result and logs a warning', async () => {
      mkdirSync(cache.statusPath, { recursive: true });
      const captured = captureLogger();

      const returned = await recorder(captured.logger).recorded('s', false, () => Promise.resolve(result));

      expect(returned.serial).toBe(2);
      expect(captured.lines).toEqual([expect.objectContaining({ level: 'warn', message: 'could not write the remote status file' })]);
    });
  });
});
