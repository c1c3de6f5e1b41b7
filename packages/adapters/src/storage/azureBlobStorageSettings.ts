/** Settings of the Azure Blob storage (`adapters.provider_settings.azure-blob`). */
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const MIB = 1_048_576;

/**
 * Account, container, credentials, block size and limits of {@link AzureBlobStorage}.
 * @category Storage
 */
export class AzureBlobStorageSettings {
  /** The container (it must exist); required. */
  @IsString() @MinLength(3) @MaxLength(63) @Matches(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, { message: 'container must be a valid Azure container name' })
  public container = '';

  /**
   * A connection string (`DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...`); it holds
   * the account key, so it is never logged. Either this or `accountUrl`.
   */
  @IsOptional() @IsString() @MinLength(1)
  public connectionString?: string;

  /** The account's blob endpoint (`https://acct.blob.core.windows.net`, or azurite's `http://127.0.0.1:10000/devstoreaccount1`). */
  @IsOptional() @IsString() @Matches(/^https?:\/\/\S+$/, { message: 'accountUrl must be an http:// or https:// URL' })
  public accountUrl?: string;

  /** Account name, with `accountKey` for shared-key signing (requests and SAS URLs). */
  @IsOptional() @IsString() @MinLength(1)
  public accountName?: string;

  /** Base64 account key paired with `accountName`; never logged. */
  @IsOptional() @IsString() @MinLength(1)
  public accountKey?: string;

  /** Prefix of every blob name (`app/`); list answers keys without it. */
  @IsString() @Matches(/^([^/\\\0][^\\\0]*\/)?$/, { message: 'keyPrefix must be empty or end with / (and not start with one)' })
  public keyPrefix = '';

  /** Size of the blocks a body is uploaded in (staged, then committed at once), in bytes. */
  @IsInt() @Min(1 * MIB) @Max(4_000 * MIB)
  public blockSizeBytes = 8 * MIB;

  /** Blocks of one upload in flight at once. */
  @IsInt() @Min(1) @Max(64)
  public uploadConcurrency = 4;

  /** Largest object `put` accepts and `get` reads into memory (bigger ones: `getStream`), in bytes. */
  @IsInt() @Min(1)
  public maxObjectBytes = 1_024 * MIB;

  /** Limit on one try of a request, in milliseconds. */
  @IsInt() @Min(1) @Max(600_000)
  public requestTimeoutMs = 30_000;

  /** Tries of one request, the first included. */
  @IsInt() @Min(1) @Max(10)
  public maxAttempts = 3;
}
