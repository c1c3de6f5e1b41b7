/** Settings of the OTLP monitoring backend (`adapters.provider_settings.otlp`). */
import { IsInt, IsObject, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * Collector, headers, service name and export timing of {@link OtlpMonitoring}.
 * @category Monitoring
 */
export class OtlpMonitoringSettings {
  /** The collector's OTLP/HTTP base URL: traces go to `${endpoint}/v1/traces`, metrics to `/v1/metrics`. */
  @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'endpoint must be an http:// or https:// URL' })
  public endpoint = 'http://127.0.0.1:4318';

  /** Headers of every export request (an API key ...); their values are never logged. */
  @IsObject()
  public headers: Record<string, string> = {};

  /** `service.name` of the exported resource. */
  @IsString() @MinLength(1)
  public serviceName = 'oneiric-app';

  /** Limit on one export request and on the health check, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public exportTimeoutMs = 10_000;

  /** How long finished spans wait to be sent in a batch, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public batchDelayMs = 2_000;

  /** How often metrics are exported, in milliseconds. */
  @IsInt() @Min(100) @Max(3_600_000)
  public metricIntervalMs = 60_000;

  /** Most finished spans held waiting for export; more are dropped until a batch went out. */
  @IsInt() @Min(1) @Max(1_000_000)
  public maxQueuedSpans = 2_048;

  /** Limit on flushing at cleanup (a swap or shutdown waits this long at most), in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public flushTimeoutMs = 5_000;
}
