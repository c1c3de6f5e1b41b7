import { claimDriver } from './claimDriver.js';

describe('claimDriver', () => {
  it('lets the first instance take an undriven rollout', () => {
    expect(claimDriver({ driver: null }, 'a', 0, 1_000)).toEqual({ kind: 'takeover', previous: null });
  });

  it('makes others wait while the lease holds, and take over once it expired (driver killed)', () => {
    expect(claimDriver({ driver: { instance: 'a', leaseUntil: 1_000 } }, 'b', 500, 1_000)).toEqual({ kind: 'wait' });
    expect(claimDriver({ driver: { instance: 'a', leaseUntil: 1_000 } }, 'b', 1_001, 1_000)).toEqual({ kind: 'takeover', previous: 'a' });
  });

  it('renews the holder\'s lease once less than half is left', () => {
    expect(claimDriver({ driver: { instance: 'a', leaseUntil: 1_000 } }, 'a', 100, 1_000)).toEqual({ kind: 'drive', renew: false });
    expect(claimDriver({ driver: { instance: 'a', leaseUntil: 1_000 } }, 'a', 600, 1_000)).toEqual({ kind: 'drive', renew: true });
  });
});
