import { retryAfterDelay } from './retryAfterDelay.js';

describe('retryAfterDelay', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(retryAfterDelay('2', now, 5_000)).toBe(2_000);
    expect(retryAfterDelay(' 0 ', now, 5_000)).toBe(0);
  });

  it('reads an HTTP date as the time left until it, 0 when it is past', () => {
    expect(retryAfterDelay('Thu, 01 Jan 2026 00:00:03 GMT', now, 5_000)).toBe(3_000);
    expect(retryAfterDelay('Wed, 31 Dec 2025 23:00:00 GMT', now, 5_000)).toBe(0);
  });

  it('caps the wait at maxDelayMs (a server cannot stall the caller for an hour)', () => {
    expect(retryAfterDelay('3600', now, 5_000)).toBe(5_000);
    expect(retryAfterDelay('Fri, 02 Jan 2026 00:00:00 GMT', now, 5_000)).toBe(5_000);
  });

  it('answers undefined for a missing or unreadable value (the backoff applies)', () => {
    expect(retryAfterDelay(undefined, now, 5_000)).toBeUndefined();
    expect(retryAfterDelay('', now, 5_000)).toBeUndefined();
    expect(retryAfterDelay('soon', now, 5_000)).toBeUndefined();
    expect(retryAfterDelay('-5', now, 5_000)).toBeUndefined();
    expect(retryAfterDelay('1.5', now, 5_000)).toBeUndefined();
  });
});
