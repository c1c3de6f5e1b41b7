/** Test fixture: a rollout record with defaults (used by the specs only). */
import type { RolloutRecord } from '../models/rolloutRecord.js';

/** A running rollout of adapter:cache from `memory` to `redis`, stage -1, overridden by `changes`. */
export function rolloutFixture(changes: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    v: 1, id: 'r1', domain: 'adapter', key: 'cache', fromProvider: 'memory', toProvider: 'redis', canary: 1, steps: [50, 100],
    bakeMs: 1_000, maxErrorRatio: 0.01, onInstanceGone: 'continue', convergeTimeoutMs: 10_000, stage: -1, stageStartedAt: null,
    convergedAt: null, moved: [], gone: [], decisions: [], state: 'running', command: null, driver: null,
    createdAt: '2026-12-07T00:00:00.000Z', createdBy: 'test', ...changes,
  };
}
