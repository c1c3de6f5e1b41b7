/** Maps a key's pause/drain flags to the core admission state (a pure calculation). */
import type { AdmissionState } from '@oneiric/core';
import type { ActivityState } from '../models/activityState.js';

/**
 * The admission a key's activity state asks for: `paused` when paused (also when draining as
 * well: a pause is the stronger refusal and outlives the drain), `draining` when only
 * draining, else `open`.
 * @category Calculations
 */
export function admissionOfActivity(state: ActivityState | undefined): AdmissionState {
  if (state === undefined) {
    return 'open';
  }
  return state.paused ? 'paused' : state.draining ? 'draining' : 'open';
}
