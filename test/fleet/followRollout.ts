// Test helper: follows one rollout to its end through the fleet client's watch, while polling
// every member's live provider through its control channel, and sums up what was seen.
import type { FleetClient, RolloutRecord } from '@oneiric/fleet';
import type { FleetCluster } from './fleetCluster.js';

/** What a followed rollout went through. */
export interface FollowedRollout {
  /** The finished record (promoted or aborted). */
  readonly final: RolloutRecord;
  /** Every record seen, oldest first. */
  readonly records: readonly RolloutRecord[];
  /** Largest moved set seen in each stage. */
  readonly movedCountByStage: ReadonlyMap<number, number>;
  /** Every instance that was in a moved set at some point, sorted. */
  readonly everMoved: readonly string[];
  /** Live providers the members outside `everMoved` were seen running while it ran. */
  readonly providersSeenOutsideCanary: ReadonlySet<string>;
  /** Milliseconds from the call until the finished record arrived. */
  readonly elapsedMs: number;
}

const POLL_EVERY_MS = 100;

/** How to follow a rollout. */
export interface FollowOptions {
  /** Give up (fail) after this long. */
  readonly timeoutMs: number;
  /** Poll these members' live providers while it runs. */
  readonly cluster?: FleetCluster;
  /** Called with each record of the rollout as it arrives (awaited before the next). */
  readonly onRecord?: (record: RolloutRecord) => Promise<void> | void;
}

/** Follows `started` until it is no longer running, or fails after `timeoutMs`. */
export async function followRollout(fleet: FleetClient, started: RolloutRecord, { timeoutMs, cluster, onRecord }: FollowOptions): Promise<FollowedRollout> {
  const startedAt = Date.now();
  const signal = AbortSignal.timeout(timeoutMs);
  const providersByMember = new Map<string, Set<string>>();
  let polling = cluster !== undefined;
  const poller = (async () => {
    while (polling && cluster !== undefined) {
      const seen = await cluster.providers().catch(() => ({}));
      for (const [id, provider] of Object.entries(seen)) {
        if (provider !== null) providersByMember.set(id, (providersByMember.get(id) ?? new Set()).add(provider));
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
  })();
  const records: RolloutRecord[] = [];
  let callbackError: { error: unknown } | undefined;
  try {
    // A watch ends when its connection is lost for good (a NATS outage): watch again until the end.
    while (!signal.aborted && (records.at(-1)?.state ?? 'running') === 'running') {
      try {
        for await (const record of fleet.watchRollout(started.domain, started.key, signal)) {
          if (record.id === started.id) {
            records.push(record);
            callbackError = await Promise.resolve(onRecord?.(record)).then(() => undefined, (error: unknown) => ({ error }));
            if (callbackError !== undefined) throw callbackError.error;
          }
        }
      } catch (error) {
        // The test's own callback failing is the test failing; a lost watch is watched again.
        if (callbackError !== undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    polling = false;
    await poller;
  }
  const final = records.at(-1);
  if (final === undefined || final.state === 'running') {
    throw new Error(`rollout ${started.id} still running after ${timeoutMs} ms: ${JSON.stringify(final?.decisions ?? [])}`);
  }
  const movedCountByStage = new Map<number, number>();
  const everMoved = new Set<string>();
  for (const record of records) {
    if (record.stage >= 0 && record.state === 'running') {
      movedCountByStage.set(record.stage, Math.max(movedCountByStage.get(record.stage) ?? 0, record.moved.length));
    }
    for (const id of record.moved) everMoved.add(id);
  }
  const providersSeenOutsideCanary = new Set<string>();
  for (const [id, providers] of providersByMember) {
    if (!everMoved.has(id)) for (const provider of providers) providersSeenOutsideCanary.add(provider);
  }
  return { final, records, movedCountByStage, everMoved: [...everMoved].sort(), providersSeenOutsideCanary, elapsedMs: Date.now() - startedAt };
}
