/** The status page's fleet section from what the fleet agent knows (a pure calculation). */
import type { FleetAgentView, FleetStatus } from '@oneiric/fleet';
import type { FleetStatusView } from '../statusPage/fleetStatusView.js';

/**
 * Facts (bucket, connection, revisions, rollouts) and one row per instance: id, state, heartbeat
 * age, lag, manifest serial, and the provider per key (`domain:key=provider`, paused/draining marked).
 * No credential: only the server's `scheme://host:port` is shown.
 * @category Fleet
 */
export function fleetStatusViewOf(agent: FleetAgentView, status: FleetStatus): FleetStatusView {
  const running = status.rollouts.filter((rollout) => rollout.state === 'running');
  const facts = [
    { label: 'bucket', value: `${agent.bucket} on ${agent.server}` },
    { label: 'this instance', value: `${agent.instanceId} (${agent.connected ? 'connected' : agent.fromCache ? 'offline, from saved desired state' : 'offline'})` },
    { label: 'desired revision', value: `${agent.desiredRevision} (applied ${agent.appliedRevision})` },
    { label: 'rollouts running', value: running.length === 0 ? 'none' : running.map((rollout) => `${rollout.domain}:${rollout.key} ${rollout.fromProvider} -> ${rollout.toProvider} stage ${rollout.stage}`).join('; ') },
    ...(status.floor === null ? [] : [{ label: 'manifest floor', value: String(status.floor.serial) }]),
    ...(status.problems.length === 0 ? [] : [{ label: 'refused records', value: String(status.problems.length) }]),
  ];
  const rows = status.instances.map((instance) => [
    instance.id,
    instance.gone ? 'gone' : instance.connected ? 'live' : 'offline',
    `${(instance.heartbeatAgeMs / 1000).toFixed(1)} s`,
    String(instance.lag),
    instance.manifestSerial === null ? '-' : String(instance.manifestSerial),
    Object.values(instance.keys)
      .filter((key) => key.provider !== null)
      .map((key) => `${key.domain}:${key.key}=${key.provider ?? '-'}${key.paused ? ' (paused)' : ''}${key.draining ? ' (draining)' : ''}`)
      .join(', '),
  ]);
  return { facts, columns: ['instance', 'state', 'heartbeat', 'lag', 'manifest', 'providers'], rows };
}
