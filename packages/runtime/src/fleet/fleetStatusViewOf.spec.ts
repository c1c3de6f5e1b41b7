import { fleetStatusOf, EMPTY_SNAPSHOT, type FleetAgentView, type InstanceRecord } from '@oneiric/fleet';
import { fleetStatusViewOf } from './fleetStatusViewOf.js';

const agent: FleetAgentView = { instanceId: 'a', bucket: 'oneiric_shop', server: 'nats://127.0.0.1:4222', connected: false, fromCache: true, appliedRevision: 3, desiredRevision: 5, problems: [] };

function instance(id: string, heartbeatAt: number): InstanceRecord {
  return {
    v: 1, id, host: 'h', pid: 1, startedAt: 'x', heartbeatAt, heartbeatMs: 1_000, appliedRevision: 3, manifestSerial: 7, connected: true, problems: [],
    keys: { 'adapter:cache': { domain: 'adapter', key: 'cache', provider: 'redis', state: 'ready', healthy: true, breaker: null, paused: false, draining: true, calls: null, failures: null, swapError: null } },
  };
}

describe('fleetStatusViewOf', () => {
  it('shows the agent\'s state, the server without credentials, and one row per instance with gone ones marked', () => {
    const snapshot = { ...EMPTY_SNAPSHOT, desiredRevision: 5, instances: new Map([['a', { record: instance('a', 10_000), revision: 1 }], ['b', { record: instance('b', 1_000), revision: 2 }]]) };
    const view = fleetStatusViewOf(agent, fleetStatusOf('oneiric_shop', snapshot, 10_500, 3_000));
    expect(view.facts.slice(0, 3).map((fact) => fact.value)).toEqual(['oneiric_shop on nats://127.0.0.1:4222', 'a (offline, from saved desired state)', '5 (applied 3)']);
    expect(view.rows).toEqual([
      ['a', 'live', '0.5 s', '2', '7', 'adapter:cache=redis (draining)'],
      ['b', 'gone', '9.5 s', '2', '7', 'adapter:cache=redis (draining)'],
    ]);
  });
});
