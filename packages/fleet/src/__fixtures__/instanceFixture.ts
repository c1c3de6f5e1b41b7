/** Test fixture: instance records for the rollout specs. */
import type { InstanceKeyState, InstanceRecord } from '../models/instanceRecord.js';

/** An instance running `provider` for adapter:cache, healthy, heartbeat at `heartbeatAt`. */
export function instanceFixture(id: string, provider: string, heartbeatAt: number, key: Partial<InstanceKeyState> = {}): InstanceRecord {
  return {
    v: 1, id, host: 'test', pid: 1, startedAt: '2026-12-07T00:00:00.000Z', heartbeatAt, heartbeatMs: 1_000, appliedRevision: 0,
    manifestSerial: null, connected: true, problems: [],
    keys: {
      'adapter:cache': {
        domain: 'adapter', key: 'cache', provider, state: 'ready', healthy: true, breaker: 'closed', paused: false, draining: false,
        calls: 100, failures: 0, swapError: null, ...key,
      },
    },
  };
}
