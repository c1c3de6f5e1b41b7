/** Settings of the Google Cloud Storage storage (`adapters.provider_settings.gcs`). */
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const MIB = 1_048_576;

/**
 * Bucket, project, endpoint, credentials and limits of {@link GcsStorage}.
 * @category Storage
 */
export class GcsStorageSettings {
  /** The bucket (it must exist); required. */
  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, { message: 'bucket must be a valid bucket name' })
  public bucket = '';

  /** The project, when the credentials do not name one. */
  @IsOptional() @IsString() @MinLength(1)
  public projectId?: string;

  /** Another endpoint (`http://127.0.0.1:4443` for a local stand-in); none for `storage.googleapis.com`. Requests to it are not authenticated. */
  @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'apiEndpoint must be an http:// or https:// URL' })
  public apiEndpoint?: string;

  /**
   * A service account key (its JSON, as downloaded); never logged. Needed for signed URLs (they
   * are signed with its private key). Without it Application Default Credentials are used.
   */
  @IsOptional() @IsString() @MinLength(2)
  public credentialsJson?: string;

  /** Prefix of every object name (`app/`); list answers keys without it. */
  @IsString() @Matches(/^([^/\\\0][^\\\0]*\/)?$/, { message: 'keyPrefix must be empty or end with / (and not start with one)' })
  public keyPrefix = '';

  /** Largest object `put` accepts and `get` reads into memory (bigger ones: `getStream`), in bytes. */
  @IsInt() @Min(1)
  public maxObjectBytes = 1_024 * MIB;

  /** Limit on one request, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 30_000;

  /** Attempts of one idempotent request, the first included. */
  @IsInt() @Min(1) @Max(10)
  public maxAttempts = 3;
}
