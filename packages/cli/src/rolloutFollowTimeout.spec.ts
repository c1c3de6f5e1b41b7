import { FOLLOW_MARGIN_MS, rolloutFollowTimeoutMs } from './rolloutFollowTimeout.js';

describe('rolloutFollowTimeoutMs', () => {
  it('allows every stage (canary and each step) its converge timeout and bake, plus the margin', () => {
    // 3 steps + the canary = 4 stages of 30 s bake + 60 s converge timeout.
    expect(rolloutFollowTimeoutMs({ steps: [25, 50, 100], bakeMs: 30_000, convergeTimeoutMs: 60_000 })).toBe(4 * 90_000 + FOLLOW_MARGIN_MS);
  });

  it('grows with every step, the bake and the converge timeout', () => {
    const base = { steps: [100], bakeMs: 1_000, convergeTimeoutMs: 2_000 };
    expect(rolloutFollowTimeoutMs({ ...base, steps: [50, 100] })).toBeGreaterThan(rolloutFollowTimeoutMs(base));
    expect(rolloutFollowTimeoutMs({ ...base, bakeMs: 5_000 })).toBeGreaterThan(rolloutFollowTimeoutMs(base));
    expect(rolloutFollowTimeoutMs({ ...base, convergeTimeoutMs: 5_000 })).toBeGreaterThan(rolloutFollowTimeoutMs(base));
  });
});
