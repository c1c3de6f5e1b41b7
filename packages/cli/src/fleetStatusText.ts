// Text of `oneiric fleet status` and of rollout records (`fleet rollout status`, followed rollouts).
import type { FleetStatus, RolloutDecision, RolloutRecord } from '@oneiric/fleet';

/** One line per instance and per desired record. */
export function fleetStatusText(status: FleetStatus): string {
  const lines = [`Fleet bucket ${status.bucket}: ${status.instances.length} instance(s), desired revision ${status.desiredRevision}`];
  for (const instance of status.instances) {
    const keys = Object.values(instance.keys)
      .filter((key) => key.provider !== null || key.paused || key.draining)
      .map((key) => `${key.domain}:${key.key}=${key.provider ?? '-'}${key.healthy === false ? ' (unhealthy)' : ''}${key.paused ? ' paused' : ''}${key.draining ? ' draining' : ''}`);
    const state = instance.gone ? 'GONE' : instance.connected ? 'live' : 'offline';
    lines.push(`  ${instance.id} [${state}] pid ${instance.pid} heartbeat ${(instance.heartbeatAgeMs / 1000).toFixed(1)} s ago, lag ${instance.lag}, manifest ${instance.manifestSerial ?? '-'}: ${keys.join(', ') || 'no keys'}`);
  }
  for (const selection of status.selections) {
    lines.push(`  selection ${selection.domain}:${selection.key} -> ${selection.provider} (by ${selection.by} at ${selection.at})`);
  }
  for (const activity of status.activities.filter((each) => each.paused || each.draining)) {
    lines.push(`  ${activity.paused ? 'paused' : 'draining'} ${activity.domain}:${activity.key}${activity.note === null ? '' : ` (${activity.note})`}`);
  }
  for (const rollout of status.rollouts) {
    lines.push(`  rollout ${rollout.domain}:${rollout.key} ${rollout.fromProvider} -> ${rollout.toProvider}: ${rollout.state}, stage ${rollout.stage}, moved ${rollout.moved.length}`);
  }
  if (status.floor !== null) {
    lines.push(`  manifest floor: serial ${status.floor.serial} (raised by ${status.floor.by})`);
  }
  for (const problem of status.problems) {
    lines.push(`  refused record ${problem}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `[time] action: reason`. */
export function decisionText(decision: RolloutDecision): string {
  return `[${decision.at}] ${decision.action}: ${decision.reason}\n`;
}

/** The record's summary and every decision. */
export function rolloutText(rollout: RolloutRecord): string {
  const head = `Rollout ${rollout.id} of ${rollout.domain}:${rollout.key}: ${rollout.fromProvider} -> ${rollout.toProvider}, ${rollout.state}`
    + `, stage ${rollout.stage} of ${rollout.steps.length} (canary ${rollout.canary}, steps ${rollout.steps.join(',')}%), moved ${rollout.moved.join(', ') || 'none'}`
    + `${rollout.driver === null ? '' : `, driven by ${rollout.driver.instance}`}${rollout.command === null ? '' : `, ${rollout.command} requested`}\n`;
  return head + rollout.decisions.map(decisionText).join('');
}
