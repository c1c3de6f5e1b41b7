// Test helper: an in-memory OpenTelemetry metric reader registered as the global meter provider.
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** One data point as a test reads it: the metric's name, the point's attributes and value. */
export interface MetricPoint {
  readonly name: string;
  readonly unit: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The number for sums and gauges; the count and sum for histograms. */
  readonly value: number | { readonly count: number; readonly sum: number | undefined };
}

class InMemoryReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/**
 * Registers a global meter provider with an in-memory reader (call before creating what
 * records) and returns functions to collect what was recorded and to unregister it.
 */
export function installMetricsReader(): { collect(): Promise<ResourceMetrics>; points(name: string): Promise<MetricPoint[]>; uninstall(): Promise<void> } {
  const reader = new InMemoryReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  const collect = async (): Promise<ResourceMetrics> => (await reader.collect()).resourceMetrics;
  return {
    collect,
    async points(name) {
      const collected = await collect();
      return collected.scopeMetrics.flatMap((scope) => scope.metrics)
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints.map((point) => ({
          name,
          unit: metric.descriptor.unit,
          attributes: point.attributes,
          value: typeof point.value === 'number' ? point.value : { count: (point.value as { count: number }).count, sum: (point.value as { sum?: number }).sum },
        })));
    },
    async uninstall() {
      metrics.disable();
      await provider.shutdown();
    },
  };
}
