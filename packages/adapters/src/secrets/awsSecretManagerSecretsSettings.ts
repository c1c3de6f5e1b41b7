/** Settings of the AWS Secrets Manager secrets (`adapters.provider_settings.aws-secret-manager`). */
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * Region, endpoint, credentials, name prefix and limits of {@link AwsSecretManagerSecrets}.
 * @category Secrets
 */
export class AwsSecretManagerSecretsSettings {
  /** AWS region of the secrets. */
  @IsString() @MinLength(1)
  public region = 'us-east-1';

  /** Another endpoint (a VPC endpoint, a local stand-in); none for the region's own. */
  @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'endpoint must be an http:// or https:// URL' })
  public endpoint?: string;

  /** Access key id; without it (and the secret) the SDK's default credential chain is used. */
  @IsOptional() @IsString() @MinLength(1)
  public accessKeyId?: string;

  /** Secret access key paired with `accessKeyId`; never logged. */
  @IsOptional() @IsString() @MinLength(1)
  public secretAccessKey?: string;

  /** Prefix of the secrets' names in Secrets Manager (`myapp/`): secret `db_password` is `myapp/db_password` there. */
  @IsString() @Matches(/^[A-Za-z0-9/_+=.@-]*$/, { message: 'namePrefix may hold letters, digits and /_+=.@-' })
  public namePrefix = '';

  /** Largest value `rotate` sends, in bytes (Secrets Manager's own limit is 65536). */
  @IsInt() @Min(1) @Max(65_536)
  public maxValueBytes = 65_536;

  /** Limit on establishing a connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 5_000;

  /** Limit on one request and its answer, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 10_000;

  /** Attempts of one request, the first included. */
  @IsInt() @Min(1) @Max(10)
  public maxAttempts = 3;
}
