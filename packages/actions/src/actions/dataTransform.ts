/** `data.transform`: keeps, drops, renames and defaults the top-level fields of a record. */
import { IsArray, IsObject, IsString } from 'class-validator';
import { Optional } from '../models/optional.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'data.transform';

/**
 * Payload of `data.transform`; steps apply in the order include, exclude, rename, defaults.
 * @category Action kits
 */
export class DataTransformPayload {
  /** The record to transform. */
  @IsObject() public data: Record<string, unknown> = {};
  /** Keep only these fields. */
  @Optional() @IsArray() @IsString({ each: true }) public include?: string[];
  /** Drop these fields. */
  @Optional() @IsArray() @IsString({ each: true }) public exclude?: string[];
  /** Rename fields: `{ old: new }`. */
  @Optional() @IsObject() public rename?: Record<string, string>;
  /** Values for fields that are absent (or null) after the steps above. */
  @Optional() @IsObject() public defaults?: Record<string, unknown>;
}

/**
 * Result of `data.transform`.
 * @category Action kits
 */
export interface DataTransformResult {
  readonly data: Record<string, unknown>;
  /** Fields the result has, in order. */
  readonly fields: readonly string[];
}

/**
 * Reshapes a record.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke data.transform --payload '{"data":{"a":1,"b":2},"exclude":["b"],"rename":{"a":"x"}}'
 * ```
 * @category Action kits
 */
export class DataTransform implements BuiltinAction<DataTransformPayload, DataTransformResult> {
  /** The payload class. */
  public readonly payloadType = DataTransformPayload;

  /** Never throws for a validated payload. */
  public async execute(payload: DataTransformPayload): Promise<DataTransformResult> {
    const include = payload.include === undefined ? undefined : new Set(payload.include);
    const exclude = new Set(payload.exclude ?? []);
    const rename = payload.rename ?? {};
    // A null-prototype object: field names from outside (`__proto__`) stay plain data.
    const data: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [field, value] of Object.entries(payload.data)) {
      if ((include === undefined || include.has(field)) && !exclude.has(field)) {
        const target = Object.hasOwn(rename, field) && typeof rename[field] === 'string' ? rename[field] : field;
        data[target] = value;
      }
    }
    for (const [field, value] of Object.entries(payload.defaults ?? {})) {
      if (data[field] === undefined || data[field] === null) {
        data[field] = value;
      }
    }
    const result = { ...data };
    return { data: result, fields: Object.keys(result) };
  }
}

/** Registration entry of `data.transform`. */
export const dataTransformKit: ActionKitDefinition = {
  key: KEY,
  description: 'include, exclude, rename and default the fields of a record',
  build: () => new DataTransform(),
};
