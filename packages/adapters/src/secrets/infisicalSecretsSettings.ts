/** Settings of the Infisical secrets (`adapters.provider_settings.infisical`). */
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * Site, project, environment, folder, machine identity and limits of {@link InfisicalSecrets}.
 * @category Secrets
 */
export class InfisicalSecretsSettings {
  /** The Infisical instance (`https://app.infisical.com`, `https://eu.infisical.com`, a self-hosted one). */
  @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'siteUrl must be an http:// or https:// URL' })
  public siteUrl = 'https://app.infisical.com';

  /** The project (workspace) id; required. */
  @IsString() @MinLength(1)
  public projectId = '';

  /** The environment slug (`dev`, `staging`, `prod`). */
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'environment must be an environment slug' })
  public environment = 'prod';

  /** The folder of the secrets (`/`, `/billing`). */
  @IsString() @Matches(/^\/([A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*)?$/, { message: 'secretPath must be / or /folder/sub' })
  public secretPath = '/';

  /** Client id of a machine identity with Universal Auth; with `clientSecret`. */
  @IsOptional() @IsString() @MinLength(1)
  public clientId?: string;

  /** Client secret of that machine identity; never logged. */
  @IsOptional() @IsString() @MinLength(1)
  public clientSecret?: string;

  /** An access token to use instead of a Universal Auth login; never logged. */
  @IsOptional() @IsString() @MinLength(1)
  public accessToken?: string;

  /** Largest value `rotate` sends, in bytes. */
  @IsInt() @Min(1) @Max(1_048_576)
  public maxValueBytes = 65_536;

  /**
   * Limit on one call, its login and the SDK's own retries included, in milliseconds (the SDK
   * retries a failed connection four times with backoff and stops each try after 10 s).
   */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 20_000;
}
