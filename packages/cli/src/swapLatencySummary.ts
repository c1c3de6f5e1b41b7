// Swap latency percentiles and success rate over a set of key statuses.
import type { KeyStatus } from '@oneiric/core';
import { samplePercentile as percentile } from './samplePercentile.js';

/** Swap latency and success over some keys; nulls when there are no samples. */
export interface SwapLatencySummary {
  /** Number of duration samples. */
  readonly samples: number;
  /** Median swap duration, milliseconds. */
  readonly p50Ms: number | null;
  /** 95th percentile, milliseconds. */
  readonly p95Ms: number | null;
  /** 99th percentile, milliseconds. */
  readonly p99Ms: number | null;
  /** Successful swaps over all swaps, in percent. */
  readonly successRatePercent: number | null;
}

/** Summarises the recent swap durations and the swap counters of `statuses`. */
export function swapLatencySummary(statuses: readonly Pick<KeyStatus, 'recentSwapDurationsMs' | 'successfulSwaps' | 'failedSwaps'>[]): SwapLatencySummary {
  const durations = statuses.flatMap((status) => status.recentSwapDurationsMs);
  const successful = statuses.reduce((sum, status) => sum + status.successfulSwaps, 0);
  const failed = statuses.reduce((sum, status) => sum + status.failedSwaps, 0);
  const round = (value: number | undefined): number | null => (value === undefined ? null : Math.round(value * 1000) / 1000);
  return {
    samples: durations.length,
    p50Ms: round(percentile(durations, 50)),
    p95Ms: round(percentile(durations, 95)),
    p99Ms: round(percentile(durations, 99)),
    successRatePercent: successful + failed === 0 ? null : Math.round((successful / (successful + failed)) * 1000) / 10,
  };
}
