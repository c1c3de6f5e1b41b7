/** The OpenTelemetry meters Oneiric's metrics go to; no-ops unless the application installs an SDK. */
import { metrics, type Meter, type MeterProvider } from '@opentelemetry/api';

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

/**
 * A getter of instruments made by `create` from the meter of `scope`, made again whenever the
 * global meter provider changed since (about 10 ns per call otherwise): instruments of an
 * object created before the provider was registered still reach it.
 */
export function followMeterProvider<T>(scope: string, create: (meter: Meter) => T): () => T {
  let boundProvider: MeterProvider | undefined;
  let instruments: T | undefined;
  return () => {
    const provider = metrics.getMeterProvider();
    if (provider !== boundProvider || instruments === undefined) {
      boundProvider = provider;
      instruments = create(provider.getMeter(scope));
    }
    return instruments;
  };
}
