/** The `remote` settings section: where the manifest comes from and what it must satisfy. */
import { IsArray, IsBoolean, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';

/**
 * Settings of remote manifests. Field names are snake_case like the rest of Oneiric's settings.
 * Core's settings loader refuses unknown sections, so this section is read by
 * `parseRemoteSettings` from its own object (the CLI reads `settings/remote.yaml`).
 * @category Configuration
 */
export class RemoteSettings {
  /** Sync the manifest on start and in the refresh loop. */
  @IsBoolean()
  public enabled = false;

  /** `https://...`, `http://...` or (when allowed) `file:...` address of the manifest. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  public manifest_url?: string;

  /** Name of the header the auth token is sent in. */
  @IsString()
  @IsNotEmpty()
  public auth_header_name = 'Authorization';

  /** Token sent verbatim in the auth header; never logged. Prefer the secrets hook. */
  @IsOptional()
  @IsString()
  public auth_token?: string;

  /** Refuse manifests without signatures (on by default, unlike the Python original). */
  @IsBoolean()
  public signature_required = true;

  /** Distinct trusted keys whose signatures are needed. */
  @IsInt()
  @Min(1)
  public signature_threshold = 1;

  /** Refuse manifests signed longer ago than this; no limit when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  public signature_max_age_seconds?: number;

  /** Refuse manifests without `expiresAt` (on by default). */
  @IsBoolean()
  public signature_require_expiry = true;

  /** Allowed clock difference: `signedAt` may lie this far in the future, and expiry and age get this much slack. */
  @IsInt()
  @Min(0)
  @Max(86_400)
  public clock_skew_seconds = 300;

  /** Largest manifest accepted, in bytes (checked while downloading and before parsing). */
  @IsInt()
  @Min(1)
  public max_manifest_bytes = 5 * 1024 * 1024;

  /** Largest artifact accepted, in bytes (checked while downloading). */
  @IsInt()
  @Min(1)
  public max_artifact_bytes = 50 * 1024 * 1024;

  /** Time limit of the secrets hook (`authToken`). */
  @IsInt()
  @Min(1)
  public auth_token_timeout_ms = 10_000;

  /** Time limit of each module import (artifact or installed module). */
  @IsInt()
  @Min(1)
  public import_timeout_ms = 30_000;

  /** Time limit of the activation step (`app.sync()`) after a manifest is applied. */
  @IsInt()
  @Min(1)
  public activation_timeout_ms = 60_000;

  /** Time limit of a whole sync; on expiry the sync fails with `timeout` and the next one may run. */
  @IsInt()
  @Min(1)
  public sync_timeout_ms = 300_000;

  /** Trusted ED25519 public keys, base64 of the raw 32 bytes, optionally `keyId=base64`; `ONEIRIC_TRUSTED_PUBLIC_KEYS` adds more. */
  @IsArray()
  @IsString({ each: true })
  public trusted_public_keys: string[] = [];

  /** Module specifiers manifest factories may name (`@acme/providers` allows `@acme/providers/...`); empty refuses every factory. */
  @IsArray()
  @IsString({ each: true })
  public factory_allowlist: string[] = [];

  /** Seconds between refreshes. */
  @IsInt()
  @Min(1)
  public refresh_interval_seconds = 300;

  /** Fewest milliseconds between two manifest fetches (rate limit). */
  @IsInt()
  @Min(0)
  public min_fetch_interval_ms = 1_000;

  /** Time limit of one request. */
  @IsInt()
  @Min(1)
  public fetch_timeout_ms = 30_000;

  /** Attempts per fetch, the first included. */
  @IsInt()
  @Min(1)
  @Max(20)
  public max_attempts = 3;

  /** First retry delay. */
  @IsInt()
  @Min(0)
  public retry_base_delay_ms = 1_000;

  /** Longest retry delay. */
  @IsInt()
  @Min(0)
  public retry_max_delay_ms = 30_000;

  /** Random spread of retry delays, 0..1. */
  @IsNumber()
  @Min(0)
  @Max(1)
  public retry_jitter = 0.25;

  /** Failed syncs (within the breaker's window) after which the circuit opens. */
  @IsInt()
  @Min(1)
  public circuit_breaker_threshold = 5;

  /** Milliseconds an open circuit waits before letting one sync try again. */
  @IsInt()
  @Min(1)
  public circuit_breaker_reset_ms = 60_000;

  /** Accept `file:` manifest and artifact addresses. */
  @IsBoolean()
  public allow_file_uris = false;

  /** Directories `file:` addresses must lie under; empty means anywhere (when allowed). */
  @IsArray()
  @IsString({ each: true })
  public allowed_file_uri_roots: string[] = [];

  /** Also write the audit log to this file (JSON lines). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  public audit_log_file?: string;
}
