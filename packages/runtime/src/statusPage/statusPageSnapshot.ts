/** What the status page is built from: read from the runtime at each request. */
import type { HealthSnapshot } from '../models/healthSnapshot.js';
import type { FleetStatusView } from './fleetStatusView.js';
import type { SwapRecord } from './swapRecord.js';

/**
 * The fleet part of a {@link StatusPageSnapshot}: not configured, read, or unreadable.
 * @category Status page
 */
export type FleetReading =
  | { readonly state: 'notConfigured' }
  | { readonly state: 'read'; readonly view: FleetStatusView }
  | { readonly state: 'unavailable'; readonly errorKind: string };

/**
 * Everything the status page shows, as read from a runtime at one moment.
 * @category Status page
 */
export interface StatusPageSnapshot {
  /** When it was read (ISO 8601): ages on the page are counted from it. */
  readonly now: string;
  /** The runtime's health snapshot: keys, providers, breakers, pause/drain, remote sync. */
  readonly health: HealthSnapshot;
  /** Recent swaps, newest first. */
  readonly recentSwaps: readonly SwapRecord[];
  /** The fleet view. */
  readonly fleet: FleetReading;
}
