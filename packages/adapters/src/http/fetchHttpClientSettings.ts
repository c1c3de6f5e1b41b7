/** Settings of the fetch-based HTTP client (`adapters.provider_settings.fetch`). */
import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';

/**
 * Defaults of {@link FetchHttpClient}.
 * @category HTTP
 */
export class FetchHttpClientSettings {
  /** Base URL that relative request URLs resolve against. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  public baseUrl?: string;

  /** Limit on each attempt, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public timeoutMs = 10_000;

  /** Retries after the first attempt, for idempotent requests. */
  @IsInt() @Min(0) @Max(10)
  public retries = 2;

  /** First backoff delay, in milliseconds (doubles each retry, with jitter). */
  @IsInt() @Min(0) @Max(60_000)
  public retryBaseDelayMs = 100;

  /**
   * Largest response body read, in bytes (default 10 MiB). The body is counted while it
   * streams in; one that grows past this is cancelled and the request fails with
   * `AdapterError` `requestFailed` (not retried), so a huge or endless response cannot exhaust
   * memory.
   */
  @IsInt() @Min(1) @Max(2_147_483_647)
  public maxResponseBytes = 10 * 1024 * 1024;
}
