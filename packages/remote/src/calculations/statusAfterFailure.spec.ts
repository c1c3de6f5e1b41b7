// Tests of statusAfterFailure: what the status file says after a failed sync.
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { RemoteStatus } from '../models/remoteStatus.js';
import { statusAfterFailure } from './statusAfterFailure.js';

const NOW_MS = Date.parse('2026-01-01T00:00:00Z');

describe('statusAfterFailure', () => {
  it('counts one more failure, records the kind of a RemoteError and the attempt, and keeps the last success', () => {
    const before: RemoteStatus = { consecutiveFailures: 1, lastSuccessAt: 'then', lastSerial: 4 };

    const after = statusAfterFailure(before, new RemoteError(RemoteErrorKind.rollback, 'serial went down'), NOW_MS, { source: 's', offline: true, durationMs: 9 });

    expect(after).toEqual({ consecutiveFailures: 2, lastSuccessAt: 'then', lastSerial: 4, lastFailureAt: '2026-01-01T00:00:00.000Z', lastError: 'serial went down', lastErrorKind: 'rollback', lastSource: 's', lastOffline: true, lastDurationMs: 9 });
  });

  it('drops the previous kind when the new failure has none, so a stale kind never describes another error', () => {
    const after = statusAfterFailure({ consecutiveFailures: 1, lastError: 'old', lastErrorKind: 'timeout' }, new Error('disk full'), NOW_MS);

    expect(after).toEqual({ consecutiveFailures: 2, lastFailureAt: '2026-01-01T00:00:00.000Z', lastError: 'disk full' });
  });
});
