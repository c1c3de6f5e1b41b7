/** Monitoring through an OpenTelemetry collector over OTLP/HTTP (the OpenTelemetry SDK packages are optional peer dependencies). */
import { monitoringKey } from '../adapterKeys.js';
import { Adapter, InjectSettings } from '@oneiric/core';
import type { Monitoring, MonitoringAttributes } from './monitoring.js';
import { OtlpMonitoringSettings } from './otlpMonitoringSettings.js';
import { OtlpBackend } from './otlpBackend.js';
import { probeOtlpEndpoint } from './probeOtlpEndpoint.js';

const PROVIDER = 'otlp';

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
  readonly #backend = new OtlpBackend(PROVIDER);

  /** @param settings - collector, headers, service name, export timing */
  public constructor(@InjectSettings() settings: OtlpMonitoringSettings) {
    this.#settings = settings;
  }

  /**
   * Loads the SDK, builds the providers and installs them (they become the active backend).
   * @throws AdapterError `missingDependency` naming a missing OpenTelemetry package
   */
  public async init(): Promise<void> {
    await this.#backend.start({ ...this.#settings, headers: this.#settings.headers }, this.#settings.flushTimeoutMs);
  }

  /** {@inheritDoc Monitoring.captureError} */
  public captureError(error: unknown, attributes?: MonitoringAttributes): void {
    this.#backend.captureError(error, attributes);
  }

  /** {@inheritDoc Monitoring.flush} */
  public async flush(timeoutMs = this.#settings.flushTimeoutMs): Promise<boolean> {
    return this.#backend.flush(timeoutMs);
  }

  /** True when the collector accepts an empty trace export (`POST /v1/traces`) within `exportTimeoutMs`. */
  public async health(): Promise<boolean> {
    return this.#backend.running && probeOtlpEndpoint(this.#settings.endpoint, this.#settings.headers, this.#settings.exportTimeoutMs);
  }

  /** Uninstalls the providers, then flushes what they hold and shuts them down (within `flushTimeoutMs`). */
  public async cleanup(): Promise<void> {
    await this.#backend.stop(this.#settings.flushTimeoutMs);
  }
}
