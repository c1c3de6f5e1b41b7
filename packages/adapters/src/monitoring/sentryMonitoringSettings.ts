/** Settings of the Sentry monitoring backend (`adapters.provider_settings.sentry`). */
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * DSN, environment, release, sampling and flush limit of {@link SentryMonitoring}.
 * @category Monitoring
 */
export class SentryMonitoringSettings {
  /** The project's DSN (`https://<key>@o1.ingest.sentry.io/<project>`); required, never logged. */
  @IsString() @Matches(/^https?:\/\/[^@\s]+@\S+\/\d+$/, { message: 'dsn must be a Sentry DSN (https://key@host/project)' })
  public dsn = '';

  /** The environment events are filed under (`production`). */
  @IsOptional() @IsString() @MinLength(1)
  public environment?: string;

  /** The release events are filed under (`my-app@1.4.2`). */
  @IsOptional() @IsString() @MinLength(1)
  public release?: string;

  /** Share of errors sent, 0 to 1. */
  @IsNumber() @Min(0) @Max(1)
  public sampleRate = 1;

  /** Share of traces (root spans with their children) sent, 0 to 1. */
  @IsNumber() @Min(0) @Max(1)
  public tracesSampleRate = 1;

  /** Limit on flushing at cleanup (a swap or shutdown waits this long at most), in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public flushTimeoutMs = 5_000;
}
