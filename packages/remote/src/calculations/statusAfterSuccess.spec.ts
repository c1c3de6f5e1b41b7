// Tests of statusAfterSuccess: what the status file says after a successful sync.
import type { RemoteStatus } from '../models/remoteStatus.js';
import type { SyncResult } from '../models/syncResult.js';
import { statusAfterSuccess } from './statusAfterSuccess.js';

const NOW_MS = Date.parse('2026-01-01T00:00:00Z');

const result: SyncResult = {
  serial: 4, source: 'https://r.test/m.json', offline: false, signerKeyIds: ['k'], registered: ['a', 'b'], unchanged: ['c'], retracted: [],
  skipped: [{ id: 'd', index: 3, kind: 'invalidEntry', reason: 'r' }], perDomain: { adapter: 3 }, digestChecks: 2, durationMs: 1,
};

describe('statusAfterSuccess', () => {
  it('records the counts and resets the failure count, keeping the last failure for the record', () => {
    const before: RemoteStatus = { consecutiveFailures: 3, lastFailureAt: 'earlier', lastError: 'boom', lastErrorKind: 'fetchFailed' };

    expect(statusAfterSuccess(before, result, NOW_MS, 25)).toEqual({
      consecutiveFailures: 0, lastFailureAt: 'earlier', lastError: 'boom', lastErrorKind: 'fetchFailed', lastSuccessAt: '2026-01-01T00:00:00.000Z',
      lastSource: 'https://r.test/m.json', lastOffline: false, lastSerial: 4, lastRegistered: 2, lastUnchanged: 1, lastRetracted: 0, lastSkipped: 1,
      lastDigestChecks: 2, lastPerDomain: { adapter: 3 }, lastDurationMs: 25,
    });
  });
});
