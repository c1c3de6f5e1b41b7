/** Who drives a rollout: the lease holder, or any live instance once the lease ran out (pure). */
import type { RolloutRecord } from '../models/rolloutRecord.js';

/**
 * What an instance may do with a running rollout: `wait` (another instance holds the lease),
 * `drive` (it holds the lease; `renew` says whether to extend it), `takeover` (no lease, or it
 * expired: the previous driver died or lost the bucket).
 * @category Calculations
 */
export type DriverClaim = { readonly kind: 'wait' } | { readonly kind: 'drive'; readonly renew: boolean } | { readonly kind: 'takeover'; readonly previous: string | null };

/**
 * Decides from the record's `driver` field. The lease is renewed once less than half of it is
 * left, so the driver writes about twice per lease, not at every heartbeat.
 * @param record - a running rollout
 * @param self - this instance's id
 * @param now - epoch milliseconds
 * @param leaseMs - lease length
 * @category Calculations
 */
export function claimDriver(record: Pick<RolloutRecord, 'driver'>, self: string, now: number, leaseMs: number): DriverClaim {
  const driver = record.driver;
  if (driver === null || driver.leaseUntil < now) {
    return driver?.instance === self ? { kind: 'drive', renew: true } : { kind: 'takeover', previous: driver?.instance ?? null };
  }
  if (driver.instance === self) {
    return { kind: 'drive', renew: driver.leaseUntil - now < leaseMs / 2 };
  }
  return { kind: 'wait' };
}
