/** The changes that bring one instance to its desired state (pure). */
import type { Domain } from '@oneiric/core';
import type { EffectiveKeyState } from './effectiveDesiredState.js';

/**
 * What an instance runs for one key, as far as convergence cares.
 * @category Calculations
 */
export interface ActualKeyState {
  /** Live provider, or null. */
  readonly provider: string | null;
  /** Paused. */
  readonly paused: boolean;
  /** Draining. */
  readonly draining: boolean;
}

/**
 * One change to make.
 * @category Calculations
 */
export type ConvergenceStep =
  | { readonly action: 'swap'; readonly domain: Domain; readonly key: string; readonly provider: string }
  | { readonly action: 'activity'; readonly domain: Domain; readonly key: string; readonly paused: boolean; readonly draining: boolean; readonly note: string | null };

/**
 * The swaps and pause/drain changes that make `actual` match `effective`. A swap is left out
 * when `failed` says the same provider already failed for this key (it is not retried until the
 * desired provider changes, so a broken provider does not make the instance flap); a key the
 * instance does not know (`isKnown` false) is skipped. Pause/drain changes come before swaps,
 * so a key being paused refuses work before its provider changes.
 * @param effective - per `domain:key`, what the fleet wants
 * @param actual - per `domain:key`, what runs (absent: nothing live)
 * @param failed - per `domain:key`, a provider whose fleet-asked swap failed
 * @param isKnown - whether the instance has the key registered
 * @category Calculations
 */
export function planConvergence(
  effective: ReadonlyMap<string, EffectiveKeyState>,
  actual: ReadonlyMap<string, ActualKeyState>,
  failed: ReadonlyMap<string, string>,
  isKnown: (domain: Domain, key: string) => boolean,
): ConvergenceStep[] {
  const activitySteps: ConvergenceStep[] = [];
  const swapSteps: ConvergenceStep[] = [];
  for (const [id, desired] of [...effective].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isKnown(desired.domain, desired.key)) {
      continue;
    }
    const current = actual.get(id) ?? { provider: null, paused: false, draining: false };
    const activity = desired.activity;
    if (activity !== undefined && (activity.paused !== current.paused || activity.draining !== current.draining)) {
      activitySteps.push({ action: 'activity', domain: desired.domain, key: desired.key, paused: activity.paused, draining: activity.draining, note: activity.note });
    }
    if (desired.provider !== undefined && desired.provider !== current.provider && failed.get(id) !== desired.provider) {
      swapSteps.push({ action: 'swap', domain: desired.domain, key: desired.key, provider: desired.provider });
    }
  }
  return [...activitySteps, ...swapSteps];
}
