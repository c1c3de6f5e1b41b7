/** A remote manifest as the schema accepts it: entries, serial, timestamps and signatures. */
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { ManifestEntry } from './manifestEntry.js';
import { ManifestSignature } from './manifestSignature.js';

/**
 * The whole manifest. Every field except `signatures` is covered by the signatures.
 * @category Models
 */
export class RemoteManifest {
  /** A label of where the manifest comes from (free text). */
  @IsOptional()
  @IsString()
  public source?: string;

  /**
   * Grows with every published manifest; a lower one than the last accepted is refused. At most
   * `Number.MAX_SAFE_INTEGER`: above it integers lose precision, so "must grow" could not be told.
   */
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  public serial!: number;

  /** ISO 8601 time of signing; naive times are read as UTC. */
  @IsOptional()
  @IsString()
  public signedAt?: string;

  /** ISO 8601 time after which the manifest is refused. */
  @IsOptional()
  @IsString()
  public expiresAt?: string;

  /** The candidates. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ManifestEntry)
  public entries!: ManifestEntry[];

  /** Signatures over the canonical form of everything else. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ManifestSignature)
  public signatures?: ManifestSignature[];
}
