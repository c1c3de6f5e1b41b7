/** Monitoring through an OpenTelemetry collector over OTLP/HTTP (the OpenTelemetry SDK packages are optional peer dependencies). */
import { monitoringKey } from '../adapterKeys.js';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import type { Monitoring, MonitoringAttributes } from './monitoring.js';
import { OtlpMonitoringSettings } from './otlpMonitoringSettings.js';
import { createOtlpPipeline, type OtlpPipeline } from './otlpPipeline.js';
import { probeOtlpEndpoint } from './probeOtlpEndpoint.js';
import { recordError } from './recordError.js';
import { installBackend } from './telemetrySlot.js';

const PROVIDER = 'otlp';
const USER = { category: 'monitoring', provider: PROVIDER } as const;

/**
 * Exports spans (batched) and metrics (periodically) to a collector over OTLP/HTTP with JSON
 * bodies. `init` builds the SDK's providers and installs them behind the global OpenTelemetry API
 * (see `installBackend`); `cleanup` flushes within `flushTimeoutMs` and uninstalls them, so a
 * backend swapped in takes the spans started after it and this one still sends those finished
 * before. `captureError` records an `exception` span. Priority 205.
 * @example
 * ```ts
 * trace.getTracer('orders').startActiveSpan('checkout', (span) => { ...; span.end(); });
 * ```
 * @category Monitoring
 */
@Adapter(monitoringKey, PROVIDER, {
  priority: 205,
  settings: OtlpMonitoringSettings,
  capabilities: ['traces', 'metrics', 'hot-swap'],
  description: 'OpenTelemetry OTLP/HTTP export of traces and metrics to a collector',
})
export class OtlpMonitoring implements Monitoring {
  readonly #settings: OtlpMonitoringSettings;
  #pipeline: OtlpPipeline | undefined;
  #release: (() => void) | undefined;

  /** @param settings - collector, headers, service name, export timing */
  public constructor(@InjectSettings() settings: OtlpMonitoringSettings) {
    this.#settings = settings;
  }

  /**
   * Loads the SDK, builds the providers and installs them (they become the active backend).
   * @throws AdapterError `missingDependency` naming a missing OpenTelemetry package
   */
  public async init(): Promise<void> {
    await this.cleanup();
    const settings = this.#settings;
    const pipeline = await createOtlpPipeline(USER, { ...settings, headers: settings.headers });
    this.#pipeline = pipeline;
    this.#release = installBackend(pipeline, pipeline.contextManager);
  }

  /** {@inheritDoc Monitoring.captureError} */
  public captureError(error: unknown, attributes?: MonitoringAttributes): void {
    if (this.#pipeline !== undefined) recordError(this.#pipeline.tracerProvider, error, attributes);
  }

  /** {@inheritDoc Monitoring.flush} */
  public async flush(timeoutMs = this.#settings.flushTimeoutMs): Promise<boolean> {
    return requireReady(this.#pipeline, 'monitoring', PROVIDER).flush(timeoutMs);
  }

  /** True when the collector accepts an empty trace export (`POST /v1/traces`) within `exportTimeoutMs`. */
  public async health(): Promise<boolean> {
    return this.#pipeline !== undefined && probeOtlpEndpoint(this.#settings.endpoint, this.#settings.headers, this.#settings.exportTimeoutMs);
  }

  /** Uninstalls the providers, then flushes what they hold and shuts them down (within `flushTimeoutMs`). */
  public async cleanup(): Promise<void> {
    const pipeline = this.#pipeline;
    this.#release?.();
    this.#release = undefined;
    this.#pipeline = undefined;
    await pipeline?.shutdown(this.#settings.flushTimeoutMs);
  }
}
