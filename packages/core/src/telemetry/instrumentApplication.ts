/** Core's metrics of one application: swaps, swap failures and durations, calls in flight, breaker states, admission. */
import { metrics, type Attributes, type Counter, type Histogram, type Meter, type MeterProvider, type ObservableCallback, type ObservableGauge } from '@opentelemetry/api';
import type { Oneiric } from '../application/oneiric.js';
import { DOMAINS } from '../models/domain.js';
import { METER_NAME, SECONDS_BUCKETS } from './meter.js';

/** Breaker states as numbers, so one gauge series per provider tells the state. */
const BREAKER_STATE_VALUES = { closed: 0, halfOpen: 1, open: 2 } as const;

interface SwapInstruments {
  readonly swaps: Counter;
  readonly failures: Counter;
  readonly durations: Histogram;
}

/**
 * Records the application's metrics through the global meter provider, named as Prometheus
 * expects them (the exporter adds nothing but `_total` to counters):
 * - `oneiric_swaps_total` and `oneiric_swap_failures_total` (counters; domain, key, provider;
 *   failures also kind), `oneiric_swap_duration_seconds` (histogram of successful swaps);
 * - `oneiric_calls_in_flight` (gauge per live key: calls running through its live references);
 * - `oneiric_breaker_state` (gauge per guarded provider: 0 closed, 1 half-open, 2 open);
 * - `oneiric_admission_keys` (gauge of keys by state: paused, draining).
 * The instruments follow the global provider: one registered after the application was created
 * (but before `start()` finished, or before the next swap) gets them too. The gauges stop
 * observing this application when it closes.
 */
export function instrumentApplication(app: Oneiric): void {
  let boundProvider: MeterProvider | undefined;
  let instruments: SwapInstruments | undefined;
  let detachGauges = (): void => undefined;
  // Swaps and readiness are rare: checking the global provider then costs nothing that matters.
  const current = (): SwapInstruments => {
    const provider = metrics.getMeterProvider();
    if (provider !== boundProvider || instruments === undefined) {
      detachGauges();
      boundProvider = provider;
      const meter = provider.getMeter(METER_NAME);
      instruments = swapInstruments(meter);
      detachGauges = observeApplication(app, meter);
    }
    return instruments;
  };
  current();
  app.on('ready', () => current());
  app.on('swapped', (result) => {
    const attributes = { domain: result.domain, key: result.key, provider: result.provider };
    const { swaps, durations } = current();
    swaps.add(1, attributes);
    durations.record(result.durationMs / 1000, attributes);
  });
  app.on('swapFailed', (failure) => {
    current().failures.add(1, { domain: failure.domain, key: failure.key, provider: failure.provider, kind: failure.error.kind });
  });
  app.on('closed', () => detachGauges());
}

function swapInstruments(meter: Meter): SwapInstruments {
  return {
    swaps: meter.createCounter('oneiric_swaps_total', { description: 'Swaps (and first activations) that flipped a key to a new instance', unit: '{swap}' }),
    failures: meter.createCounter('oneiric_swap_failures_total', { description: 'Swaps that failed before the flip; the previous instance stayed live', unit: '{swap}' }),
    durations: meter.createHistogram('oneiric_swap_duration_seconds', {
      description: 'Duration of successful swaps, drain and cleanup of the old instance included', unit: 's', advice: { explicitBucketBoundaries: [...SECONDS_BUCKETS] },
    }),
  };
}

// The gauges, observed at each collection; returns the function that stops observing.
function observeApplication(app: Oneiric, meter: Meter): () => void {
  const gauges: Array<[ObservableGauge, ObservableCallback]> = [
    [meter.createObservableGauge('oneiric_calls_in_flight', { description: 'Calls running on a key\'s live instance through live references', unit: '{call}' }), (result) => {
      for (const domain of DOMAINS) {
        for (const key of app.keys(domain)) {
          // Per key, not per provider: a series per provider would keep a swapped-out provider's last value.
          if (app.active(domain, key) !== undefined) {
            result.observe(app.inFlight(domain, key), { domain, key });
          }
        }
      }
    }],
    [meter.createObservableGauge('oneiric_breaker_state', { description: 'Circuit breaker state per guarded provider: 0 closed, 1 half-open, 2 open' }), (result) => {
      for (const domain of DOMAINS) {
        for (const key of app.keys(domain)) {
          for (const candidate of app.candidates(domain, key)) {
            const state = app.breakerState(domain, key, candidate.provider);
            if (state !== undefined) {
              result.observe(BREAKER_STATE_VALUES[state], { domain, key, provider: candidate.provider });
            }
          }
        }
      }
    }],
    [meter.createObservableGauge('oneiric_admission_keys', { description: 'Keys refusing new calls, by admission state', unit: '{key}' }), (result) => {
      const counts: Record<string, number> = { paused: 0, draining: 0 };
      for (const entry of app.admissions()) {
        counts[entry.state] = (counts[entry.state] ?? 0) + 1;
      }
      for (const [state, count] of Object.entries(counts)) {
        result.observe(count, { state } satisfies Attributes);
      }
    }],
  ];
  for (const [gauge, callback] of gauges) {
    gauge.addCallback(callback);
  }
  return () => {
    for (const [gauge, callback] of gauges) {
      gauge.removeCallback(callback);
    }
  };
}
