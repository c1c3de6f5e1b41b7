/** Settings of the S3 storage (`adapters.provider_settings.s3`). */
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const MIB = 1_048_576;

/**
 * Bucket, region, endpoint, credentials, part size and limits of {@link S3Storage}.
 * @category Storage
 */
export class S3StorageSettings {
  /** The bucket (it must exist); required. */
  @IsString() @MinLength(3) @MaxLength(63)
  public bucket = '';

  /** AWS region of the bucket. */
  @IsString() @MinLength(1)
  public region = 'us-east-1';

  /** An S3-compatible service's address (`http://127.0.0.1:9000`); none for AWS itself. */
  @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'endpoint must be an http:// or https:// URL' })
  public endpoint?: string;

  /** Bucket in the path (`endpoint/bucket/key`) instead of the host name: what most S3-compatible services need. */
  @IsBoolean()
  public forcePathStyle = false;

  /** Access key id; without it (and the secret) the SDK's default credential chain is used. */
  @IsOptional() @IsString() @MinLength(1)
  public accessKeyId?: string;

  /** Secret access key paired with `accessKeyId`; never logged. */
  @IsOptional() @IsString() @MinLength(1)
  public secretAccessKey?: string;

  /** Prefix of every object key in the bucket (`app/`), so that several applications can share one; list answers keys without it. */
  @IsString() @Matches(/^([^/\\\0][^\\\0]*\/)?$/, { message: 'keyPrefix must be empty or end with / (and not start with one)' })
  public keyPrefix = '';

  /** Bodies larger than this are uploaded in parts of this size (multipart upload), in bytes; S3's minimum is 5 MiB. */
  @IsInt() @Min(5 * MIB) @Max(5_120 * MIB)
  public partSizeBytes = 8 * MIB;

  /** Parts of one upload in flight at once. */
  @IsInt() @Min(1) @Max(64)
  public uploadConcurrency = 4;

  /** Largest object `put` accepts and `get` reads into memory (bigger ones: `getStream`), in bytes. */
  @IsInt() @Min(1)
  public maxObjectBytes = 1_024 * MIB;

  /** Limit on establishing a connection, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public connectTimeoutMs = 5_000;

  /** Limit on a request's socket being idle (no byte sent or received), in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 30_000;

  /** Attempts of one request, the first included (the SDK retries throttling and 5xx answers). */
  @IsInt() @Min(1) @Max(10)
  public maxAttempts = 3;

  /**
   * `when-supported` sends and checks CRC checksums on every request (the SDK's default);
   * `when-required` only where S3 requires them, for S3-compatible services without them.
   */
  @IsIn(['when-supported', 'when-required'])
  public checksums: 'when-supported' | 'when-required' = 'when-supported';
}
