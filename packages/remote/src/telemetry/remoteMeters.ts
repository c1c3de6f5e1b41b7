/** The metrics of remote manifest syncs: outcome, duration, serial in use. */
import { followMeterProvider, SECONDS_BUCKETS, type Counter, type Gauge, type Histogram } from '@oneiric/core/internal';

/**
 * Instrumentation scope name of remote's metrics.
 * @category Telemetry
 */
export const REMOTE_METER_NAME = '@oneiric/remote';

/**
 * What one sync ended with, as the metrics count it.
 * @category Telemetry
 */
export interface SyncMeasurement {
  /** `success`, `failure`, or `timeout` (the sync ran past its time limit). */
  readonly outcome: 'success' | 'failure' | 'timeout';
  /** True for a sync from the cache (offline start, fallback). */
  readonly offline: boolean;
  /** The error's kind on failure (`RemoteErrorKind`, or `unexpected`). */
  readonly kind?: string;
  /** Whole sync duration, in milliseconds (absent for a timeout). */
  readonly durationMs?: number;
  /** Serial of the manifest in use after a success. */
  readonly serial?: number;
}

interface SyncInstruments {
  readonly syncs: Counter;
  readonly duration: Histogram;
  readonly serial: Gauge;
}

/**
 * Records syncs as `oneiric_remote_syncs_total{outcome,offline,kind}`,
 * `oneiric_remote_sync_duration_seconds{outcome,offline}` and the gauge
 * `oneiric_remote_manifest_serial` (serial of the manifest in use), through the global meter
 * provider (followed: one registered after this was created gets the next syncs).
 * @category Telemetry
 */
export class RemoteMeters {
  readonly #instruments = followMeterProvider(REMOTE_METER_NAME, (meter): SyncInstruments => ({
    syncs: meter.createCounter('oneiric_remote_syncs_total', { description: 'Remote manifest syncs by outcome (success, failure, timeout)', unit: '{sync}' }),
    duration: meter.createHistogram('oneiric_remote_sync_duration_seconds', {
      description: 'Duration of remote manifest syncs: fetch, verification and apply', unit: 's', advice: { explicitBucketBoundaries: [...SECONDS_BUCKETS] },
    }),
    serial: meter.createGauge('oneiric_remote_manifest_serial', { description: 'Serial of the remote manifest in use' }),
  }));

  /** Counts one sync. */
  public record(measurement: SyncMeasurement): void {
    const { syncs, duration, serial } = this.#instruments();
    const offline = String(measurement.offline);
    syncs.add(1, { outcome: measurement.outcome, offline, ...(measurement.kind === undefined ? {} : { kind: measurement.kind }) });
    if (measurement.durationMs !== undefined) {
      duration.record(measurement.durationMs / 1000, { outcome: measurement.outcome, offline });
    }
    if (measurement.serial !== undefined) {
      serial.record(measurement.serial);
    }
  }
}
