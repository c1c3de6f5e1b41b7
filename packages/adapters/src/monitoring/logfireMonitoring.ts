/** Monitoring through Pydantic Logfire, which receives OTLP/HTTP with a write token. */
import { monitoringKey } from '../adapterKeys.js';
import { Adapter, InjectSettings } from '@oneiric/core';
import { LogfireMonitoringSettings } from './logfireMonitoringSettings.js';
import type { Monitoring, MonitoringAttributes } from './monitoring.js';
import { OtlpBackend } from './otlpBackend.js';
import { probeOtlpEndpoint } from './probeOtlpEndpoint.js';

const PROVIDER = 'logfire';
const REGION_URLS: Readonly<Record<string, string>> = { eu: 'https://logfire-eu.pydantic.dev', us: 'https://logfire-us.pydantic.dev' };

/**
 * Logfire's base URL for a write token: the region it names, or the default endpoint.
 * @category Monitoring
 */
export function logfireBaseUrl(token: string): string {
  const region = /^pylf_v\d+_([a-z]+)_/.exec(token)?.[1];
  return (region === undefined ? undefined : REGION_URLS[region]) ?? 'https://logfire-api.pydantic.dev';
}

/**
 * The OTLP backend (see {@link OtlpMonitoring}) pointed at Logfire: spans and metrics go to
 * `${baseUrl}/v1/traces` and `/v1/metrics` with the write token as `Authorization`. Priority 200.
 * @example
 * ```yaml
 * adapters: { selections: { monitoring: logfire }, provider_settings: { logfire: { token: ${LOGFIRE_TOKEN} } } }
 * ```
 * @category Monitoring
 */
@Adapter(monitoringKey, PROVIDER, {
  priority: 200,
  settings: LogfireMonitoringSettings,
  capabilities: ['traces', 'metrics', 'hot-swap'],
  description: 'Pydantic Logfire (OTLP/HTTP with a write token)',
})
export class LogfireMonitoring implements Monitoring {
  readonly #settings: LogfireMonitoringSettings;
  readonly #backend = new OtlpBackend(PROVIDER);

  /** @param settings - token, endpoint, service name, export timing */
  public constructor(@InjectSettings() settings: LogfireMonitoringSettings) {
    this.#settings = settings;
  }

  /**
   * Loads the OpenTelemetry SDK and installs its providers (they become the active backend).
   * @throws AdapterError `missingDependency` naming a missing OpenTelemetry package
   */
  public async init(): Promise<void> {
    const settings = this.#settings;
    await this.#backend.start({ ...settings, endpoint: this.#endpoint(), headers: { Authorization: settings.token } }, settings.flushTimeoutMs);
  }

  /** {@inheritDoc Monitoring.captureError} */
  public captureError(error: unknown, attributes?: MonitoringAttributes): void {
    this.#backend.captureError(error, attributes);
  }

  /** {@inheritDoc Monitoring.flush} */
  public async flush(timeoutMs = this.#settings.flushTimeoutMs): Promise<boolean> {
    return this.#backend.flush(timeoutMs);
  }

  /** True when Logfire accepts an empty trace export with the token within `exportTimeoutMs`. */
  public async health(): Promise<boolean> {
    return this.#backend.running && probeOtlpEndpoint(this.#endpoint(), { Authorization: this.#settings.token }, this.#settings.exportTimeoutMs);
  }

  /** Uninstalls the providers, then flushes and shuts them down (within `flushTimeoutMs`). */
  public async cleanup(): Promise<void> {
    await this.#backend.stop(this.#settings.flushTimeoutMs);
  }

  #endpoint(): string {
    return this.#settings.baseUrl ?? logfireBaseUrl(this.#settings.token);
  }
}
