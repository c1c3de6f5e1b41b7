/** Settings of the Logfire monitoring backend (`adapters.provider_settings.logfire`). */
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * Write token, endpoint, service name and export timing of {@link LogfireMonitoring}.
 * @category Monitoring
 */
export class LogfireMonitoringSettings {
  /** The project's write token; required, sent as the `Authorization` header, never logged. */
  @IsString() @MinLength(8)
  public token = '';

  /**
   * Logfire's base URL; by default the one of the token's region (`pylf_v1_eu_...`:
   * `https://logfire-eu.pydantic.dev`, `pylf_v1_us_...`: `https://logfire-us.pydantic.dev`,
   * others `https://logfire-api.pydantic.dev`).
   */
  @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'baseUrl must be an http:// or https:// URL' })
  public baseUrl?: string;

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

  /** Most finished spans held waiting for export. */
  @IsInt() @Min(1) @Max(1_000_000)
  public maxQueuedSpans = 2_048;

  /** Limit on flushing at cleanup, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public flushTimeoutMs = 5_000;
}
