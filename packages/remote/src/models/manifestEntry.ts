/** One candidate listed by a remote manifest, as the schema accepts it. */
import { IsArray, IsBoolean, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString } from 'class-validator';
import type { CapabilityDescriptor } from './capabilityDescriptor.js';
import { IsCapabilityList } from './isCapabilityList.js';

/**
 * An entry of a manifest. The schema checks structure (types, required fields); whether the
 * values are acceptable (domain, key format, ranges, allowed factory, safe URI) is checked per
 * entry later, so one bad entry is skipped rather than the whole manifest refused.
 * @category Models
 */
export class ManifestEntry {
  /** Domain: adapter, service, task, event, workflow or action. */
  @IsString()
  @IsNotEmpty()
  public domain!: string;

  /** Key inside the domain (`cache`). */
  @IsString()
  @IsNotEmpty()
  public key!: string;

  /** Provider name (`redis`). */
  @IsString()
  @IsNotEmpty()
  public provider!: string;

  /** `module-specifier:exportName`; the module must be allowlisted, the export builds the instance. */
  @IsString()
  @IsNotEmpty()
  public factory!: string;

  /** Where the artifact (an ES module) is downloaded from; its code replaces the module named by `factory`. */
  @IsOptional()
  @IsString()
  public uri?: string;

  /** Hex SHA-256 of the artifact; required when `uri` is given. */
  @IsOptional()
  @IsString()
  public sha256?: string;

  /** Priority, an integer in [-1000, 1000]. */
  @IsOptional()
  @IsInt()
  public priority?: number;

  /** Stack level, an integer in [-100, 100]. */
  @IsOptional()
  @IsInt()
  public stackLevel?: number;

  /** Version of the provider. */
  @IsOptional()
  @IsString()
  public version?: string;

  /** Capabilities: names, or descriptors with a name. */
  @IsOptional()
  @IsCapabilityList()
  public capabilities?: (string | CapabilityDescriptor)[];

  /** Free-form metadata, copied into the candidate's metadata. */
  @IsOptional()
  @IsObject()
  public metadata?: Record<string, unknown>;

  /** One-line description. */
  @IsOptional()
  @IsString()
  public description?: string;

  /** Team or person owning the provider. */
  @IsOptional()
  @IsString()
  public owner?: string;

  /** Whether the provider is free of side effects. */
  @IsOptional()
  @IsBoolean()
  public sideEffectFree?: boolean;

  /** Secret ids the provider needs. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  public requiresSecrets?: string[];

  /** Time limit of one call, in seconds. */
  @IsOptional()
  @IsNumber()
  public timeoutSeconds?: number;

  /** Retry policy, free-form. */
  @IsOptional()
  @IsObject()
  public retryPolicy?: Record<string, unknown>;

  /** Keys this provider needs. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  public requires?: string[];

  /** Providers that cannot be active together with this one. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  public conflictsWith?: string[];

  /** Licence identifier. */
  @IsOptional()
  @IsString()
  public license?: string;

  /** Documentation address. */
  @IsOptional()
  @IsString()
  public documentationUrl?: string;

  /** Event topics handled (domain `event`). */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  public eventTopics?: string[];

  /** Most events handled at once. */
  @IsOptional()
  @IsInt()
  public eventMaxConcurrency?: number;

  /** Event filters. */
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  public eventFilters?: Record<string, unknown>[];

  /** Priority among event handlers. */
  @IsOptional()
  @IsInt()
  public eventPriority?: number;

  /** `broadcast` or `exclusive`. */
  @IsOptional()
  @IsString()
  public eventFanoutPolicy?: string;

  /** Workflow DAG (domain `workflow`). */
  @IsOptional()
  @IsObject()
  public dag?: Record<string, unknown>;
}
