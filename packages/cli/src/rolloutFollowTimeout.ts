// How long `oneiric fleet rollout` follows a rollout by default (pure).
import type { RolloutRecord } from '@oneiric/fleet';

/** Slack over the rollout's own worst case: driver passes, heartbeats, lease takeovers. */
export const FOLLOW_MARGIN_MS = 60_000;

/**
 * The longest a healthy rollout can take: each stage (the canary, then every step) waits at
 * most its converge timeout and then bakes, plus {@link FOLLOW_MARGIN_MS}. Past it, the rollout is
 * stuck (no instance drives it, say) and following it longer would wait forever.
 */
export function rolloutFollowTimeoutMs(record: Pick<RolloutRecord, 'steps' | 'bakeMs' | 'convergeTimeoutMs'>): number {
  const stages = record.steps.length + 1;
  return stages * (record.bakeMs + record.convergeTimeoutMs) + FOLLOW_MARGIN_MS;
}
