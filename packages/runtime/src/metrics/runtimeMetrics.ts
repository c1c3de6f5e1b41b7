/** The runtime's metrics pipeline: OpenTelemetry meters in, Prometheus text out. */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { observeRuntimeInstruments, type RuntimeMetricSources } from './runtimeInstruments.js';

/**
 * The metrics of one runtime: every meter made through `@opentelemetry/api`, as Prometheus text.
 * @category Logging and metrics
 */
export interface RuntimeMetrics {
  /** The provider registered as the global one (meters made before it was registered are no-ops). */
  readonly provider: MeterProvider;
  /**
   * Whether this provider became the global one. False when another is registered in this
   * process (a runtime not shut down): meters made through `@opentelemetry/api` then go there,
   * and `text()` shows only the runtime's own gauges.
   */
  readonly registered: boolean;
  /**
   * Observes the runtime's own gauges (phase, paused and draining keys) from `sources`, read at
   * each collection. Call once; later calls replace the sources.
   */
  observeRuntime(sources: RuntimeMetricSources): void;
  /** Collects every instrument now and renders the Prometheus text exposition (`/metrics`). */
  text(): Promise<string>;
  /** Stops collecting and unregisters the global meter provider; idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Sets up a `MeterProvider` read by the OpenTelemetry Prometheus exporter (its own HTTP server
 * off: the runtime's listener serves `/metrics`) and registers it as the global meter provider,
 * so instruments that core, domains and remote make through `@opentelemetry/api` are exported.
 * Call it before building the application: the API hands out no-op meters until a provider is
 * registered. Registration is process-wide, so a second runtime in the same process (tests)
 * must shut the first one's metrics down first; until then its meters stay no-ops.
 * @category Logging and metrics
 */
export function createRuntimeMetrics(): RuntimeMetrics {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const registered = metrics.setGlobalMeterProvider(provider);
  // The exporter's own serializer: no hand-written exposition. target_info would only repeat the SDK's resource.
  const serializer = new PrometheusSerializer('', false, undefined, true);
  let sources: RuntimeMetricSources | undefined;
  let stopped = false;
  observeRuntimeInstruments(provider.getMeter('@oneiric/runtime'), () => sources);
  return {
    provider,
    registered,
    observeRuntime(next: RuntimeMetricSources): void {
      sources = next;
    },
    async text(): Promise<string> {
      const { resourceMetrics } = await exporter.collect();
      return serializer.serialize(resourceMetrics);
    },
    async shutdown(): Promise<void> {
      if (stopped) {
        return;
      }
      stopped = true;
      await provider.shutdown();
      // Only the provider registered here is taken down: another runtime's registration is not ours.
      if (registered) {
        metrics.disable();
      }
    },
  };
}
