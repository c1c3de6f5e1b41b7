/** What a runtime's status page reads at each request: its swap history and, when there is one, the fleet view. */
import type { Oneiric } from '@oneiric/core';
import type { HealthSnapshot } from '../models/healthSnapshot.js';
import type { FleetStatusSource } from './fleetStatusView.js';
import { RecentSwaps } from './recentSwaps.js';
import type { FleetReading, StatusPageSnapshot } from './statusPageSnapshot.js';

/** How long the page waits for the fleet view before it shows it as unavailable. */
export const FLEET_VIEW_TIMEOUT_MS = 2_000;

/**
 * Options of {@link StatusPageFeed}.
 * @category Status page
 */
export interface StatusPageFeedOptions {
  /** The fleet view, when the runtime belongs to a fleet; the page says "not configured" without it. */
  readonly fleet?: FleetStatusSource;
  /** How many recent swaps to keep (default 20). */
  readonly recentSwapCapacity?: number;
  /** Limit of one read of the fleet view, in milliseconds (default {@link FLEET_VIEW_TIMEOUT_MS}). */
  readonly fleetTimeoutMs?: number;
}

/**
 * Collects what the status page shows besides the health snapshot: the application's recent
 * swaps (from its events, once {@link follow} is called) and the optional fleet view, read with a
 * deadline so a slow fleet store never holds the page.
 * @category Status page
 */
export class StatusPageFeed {
  readonly #swaps: RecentSwaps;
  #fleet: FleetStatusSource | undefined;
  readonly #fleetTimeoutMs: number;

  /** @param options - fleet source and limits */
  public constructor(options: StatusPageFeedOptions = {}) {
    this.#swaps = new RecentSwaps(options.recentSwapCapacity);
    this.#fleet = options.fleet;
    this.#fleetTimeoutMs = options.fleetTimeoutMs ?? FLEET_VIEW_TIMEOUT_MS;
  }

  /** Records the application's swaps from now on; returns the function that stops recording. */
  public follow(app: Oneiric): () => void {
    return this.#swaps.follow(app);
  }

  /**
   * Shows this fleet view from now on: for a fleet joined once the runtime runs (its agent starts
   * with the runtime, after this feed was built).
   */
  public showFleet(source: FleetStatusSource): void {
    this.#fleet = source;
  }

  /**
   * The snapshot the page is built from.
   * @param health - the runtime's current health snapshot
   * @param now - when it was read
   */
  public async snapshot(health: HealthSnapshot, now: Date = new Date()): Promise<StatusPageSnapshot> {
    return { now: now.toISOString(), health, recentSwaps: this.#swaps.list(), fleet: await this.#readFleet() };
  }

  async #readFleet(): Promise<FleetReading> {
    const source = this.#fleet;
    if (source === undefined) {
      return { state: 'notConfigured' };
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<FleetReading>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'unavailable', errorKind: 'timeout' }), this.#fleetTimeoutMs);
      timer.unref();
    });
    // Through a promise first, so a source that throws before returning one is caught too.
    const read = Promise.resolve().then(() => source.fleetView()).then(
      (view): FleetReading => ({ state: 'read', view }),
      // Only the kind: an error message may carry a broker URL with credentials.
      (error: unknown): FleetReading => ({ state: 'unavailable', errorKind: kindOf(error) }),
    );
    try {
      return await Promise.race([read, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function kindOf(error: unknown): string {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && /^[A-Za-z][\w.-]{0,63}$/.test(kind) ? kind : 'error';
}
