/** Settings of the Google Cloud Secret Manager secrets (`adapters.provider_settings.gcp-secret-manager`). */
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * Project, endpoint, credentials, name prefix and limits of {@link GcpSecretManagerSecrets}.
 * @category Secrets
 */
export class GcpSecretManagerSecretsSettings {
  /** The Google Cloud project holding the secrets; required. */
  @IsString() @Matches(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[0-9]+$/, { message: 'projectId must be a project id or number' })
  public projectId = '';

  /** Host of another endpoint (a regional one, a local stand-in); none for `secretmanager.googleapis.com`. */
  @IsOptional() @IsString() @MinLength(1)
  public apiEndpoint?: string;

  /** Port of `apiEndpoint`. */
  @IsInt() @Min(1) @Max(65_535)
  public port = 443;

  /** `https`, or `http` for a local stand-in only. */
  @IsIn(['https', 'http'])
  public protocol: 'https' | 'http' = 'https';

  /**
   * A service account key (its JSON, as downloaded); never logged. Without it Application Default
   * Credentials are used (GOOGLE_APPLICATION_CREDENTIALS, the metadata server ...).
   */
  @IsOptional() @IsString() @MinLength(2)
  public credentialsJson?: string;

  /** Prefix of the secrets' ids in the project (`myapp_`): secret `db_password` is `myapp_db_password` there. */
  @IsString() @Matches(/^[A-Za-z0-9_-]*$/, { message: 'namePrefix may hold letters, digits, _ and -' })
  public namePrefix = '';

  /** Largest value `rotate` sends, in bytes (Secret Manager's own limit is 65536). */
  @IsInt() @Min(1) @Max(65_536)
  public maxValueBytes = 65_536;

  /** Limit on one call, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 10_000;
}
