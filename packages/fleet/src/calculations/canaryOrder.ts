/** The order in which a rollout moves instances: deterministic per rollout, spread across rollouts (pure). */
import { createHash } from 'node:crypto';

/**
 * Instance ids sorted by SHA-256 of `rolloutId + "\n" + id` (ties by id): the same rollout always
 * picks the same canaries, and different rollouts pick different ones, so no instance is the
 * canary of every rollout.
 * @category Calculations
 */
export function canaryOrder(instanceIds: readonly string[], rolloutId: string): string[] {
  const rank = (id: string): string => createHash('sha256').update(`${rolloutId}\n${id}`).digest('hex');
  return [...instanceIds].map((id) => ({ id, rank: rank(id) })).sort((a, b) => a.rank.localeCompare(b.rank) || a.id.localeCompare(b.id)).map(({ id }) => id);
}
