// Percentiles for the CLI's summaries, without loading core (the runtime client path must stay light).

/**
 * The `p`-th percentile (0-100) of `values`, linearly interpolated between the two nearest ranks
 * (the definition of core's `percentile`, which a spec checks this agrees with); undefined for
 * an empty sample.
 */
export function samplePercentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  const highValue = sorted[high]!;
  return lowValue + (highValue - lowValue) * (rank - low);
}
