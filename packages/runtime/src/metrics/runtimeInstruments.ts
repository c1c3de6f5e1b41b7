/** Gauges the runtime owns: its phase, and how many keys are paused or draining. */
import type { Meter } from '@opentelemetry/api';

/** The runtime's lifecycle phases, as the `oneiric_runtime_phase` gauge labels them. */
export const RUNTIME_PHASES = ['starting', 'running', 'stopping', 'stopped'] as const;

/** One of {@link RUNTIME_PHASES}. */
export type RuntimePhase = (typeof RUNTIME_PHASES)[number];

/**
 * Where the runtime gauges read their values at each collection.
 * @category Logging and metrics
 */
export interface RuntimeMetricSources {
  /** The current phase. */
  phase(): RuntimePhase;
  /** Pause/drain state of every key with one (the activity store's entries). */
  activity(): readonly { readonly domain: string; readonly paused: boolean; readonly draining: boolean }[];
}

/** Paused and draining keys per domain (a pure calculation). */
export function countActivity(entries: ReturnType<RuntimeMetricSources['activity']>): Map<string, { paused: number; draining: number }> {
  const counts = new Map<string, { paused: number; draining: number }>();
  for (const entry of entries) {
    const count = counts.get(entry.domain) ?? { paused: 0, draining: 0 };
    count.paused += entry.paused ? 1 : 0;
    count.draining += entry.draining ? 1 : 0;
    counts.set(entry.domain, count);
  }
  return counts;
}

/**
 * Registers the runtime's observable gauges on `meter`. They report nothing until `sources()`
 * returns something, so the pipeline can exist before the runtime it describes.
 */
export function observeRuntimeInstruments(meter: Meter, sources: () => RuntimeMetricSources | undefined): void {
  const phase = meter.createObservableGauge('oneiric.runtime.phase', {
    description: 'The runtime phase: 1 for the current phase, 0 for the others',
  });
  const paused = meter.createObservableGauge('oneiric.runtime.paused_keys', {
    description: 'Keys that refuse new calls, per domain',
  });
  const draining = meter.createObservableGauge('oneiric.runtime.draining_keys', {
    description: 'Keys that let in-flight calls finish and refuse new ones, per domain',
  });
  meter.addBatchObservableCallback((result) => {
    const current = sources();
    if (current === undefined) {
      return;
    }
    const now = current.phase();
    for (const name of RUNTIME_PHASES) {
      result.observe(phase, name === now ? 1 : 0, { phase: name });
    }
    for (const [domain, count] of countActivity(current.activity())) {
      result.observe(paused, count.paused, { domain });
      result.observe(draining, count.draining, { domain });
    }
  }, [phase, paused, draining]);
}
