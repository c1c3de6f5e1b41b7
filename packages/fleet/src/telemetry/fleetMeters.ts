/** The metrics of fleet rollouts: each decision a driver recorded, by key and action. */
import { followMeterProvider, type Counter } from '@oneiric/core/internal';
import type { RolloutDecision } from '../models/rolloutRecord.js';

/**
 * Instrumentation scope name of the fleet's metrics.
 * @category Telemetry
 */
export const FLEET_METER_NAME = '@oneiric/fleet';

/**
 * Counts rollout decisions as `oneiric_fleet_rollout_decisions_total{domain,key,action}`
 * (`action`: stage, promote, abort, gone, takeover — `start` is written by the operator's client,
 * not by a driver, and is not counted), through the global meter provider
 * (followed, so a provider registered after this was made gets the next decisions). A decision is
 * counted once, by the instance whose compare-and-set write recorded it, so a sum over the fleet's
 * instances is the fleet's count; the "rollout aborted" alert reads `action="abort"`.
 * @category Telemetry
 */
export class FleetMeters {
  readonly #decisions = followMeterProvider(FLEET_METER_NAME, (meter): Counter => meter.createCounter('oneiric_fleet_rollout_decisions_total', {
    description: 'Rollout decisions recorded by this instance as the rollout driver, by action (stage, promote, abort, gone, takeover)',
    unit: '{decision}',
  }));

  /** Counts one decision written for the rollout of `domain`/`key`. */
  public decision(domain: string, key: string, decision: Pick<RolloutDecision, 'action'>): void {
    this.#decisions().add(1, { domain, key, action: decision.action });
  }
}
