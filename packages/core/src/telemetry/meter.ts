/** The OpenTelemetry meters Oneiric's metrics go to; no-ops unless the application installs an SDK. */
import { metrics, type Meter } from '@opentelemetry/api';

/** Instrumentation scope name of core's metrics. */
export const METER_NAME = '@oneiric/core';

/**
 * The meter of `scope` (default core's) from the globally registered meter provider, as it is
 * now: register the provider (an SDK `MeterProvider`) before creating what records metrics.
 */
export function getMeter(scope: string = METER_NAME): Meter {
  return metrics.getMeter(scope);
}

/**
 * Histogram bucket boundaries for durations in seconds, from 1 ms to 1 min: OpenTelemetry's
 * default boundaries are meant for milliseconds.
 */
export const SECONDS_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
