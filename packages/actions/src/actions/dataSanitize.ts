/** `data.sanitize`: allows, drops and masks fields of a record, by name and by pattern, at any depth. */
import { IsArray, IsObject, IsString, MaxLength } from 'class-validator';
import { Optional } from '../models/optional.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'data.sanitize';
const MAX_DEPTH = 64;
// Patterns come from the caller: matching them only against names of bounded length bounds a bad pattern's backtracking.
const MAX_PATTERN_SUBJECT = 256;

/**
 * Payload of `data.sanitize`.
 * @category Action kits
 */
export class DataSanitizePayload {
  /** The record. */
  @IsObject() public data: Record<string, unknown> = {};
  /** Keep only these top-level fields. */
  @Optional() @IsArray() @IsString({ each: true }) public allow?: string[];
  /** Remove fields with these names, at any depth. */
  @Optional() @IsArray() @IsString({ each: true }) public drop?: string[];
  /** Mask fields with these names, at any depth. */
  @Optional() @IsArray() @IsString({ each: true }) public mask?: string[];
  /** Mask fields whose name matches one of these regular expressions (case-insensitive). */
  @Optional() @IsArray() @IsString({ each: true }) @MaxLength(200, { each: true }) public maskPatterns?: string[];
  /** The replacement text (default `***`). */
  @Optional() @IsString() @MaxLength(64) public maskWith?: string;
}

/**
 * Result of `data.sanitize`.
 * @category Action kits
 */
export interface DataSanitizeResult {
  readonly data: Record<string, unknown>;
  /** Dotted paths masked. */
  readonly masked: readonly string[];
  /** Dotted paths dropped. */
  readonly dropped: readonly string[];
}

/**
 * Sanitises a record.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke data.sanitize --payload '{"data":{"user":"ann","card":"4111"},"mask":["card"]}'
 * ```
 * @category Action kits
 */
export class DataSanitize implements BuiltinAction<DataSanitizePayload, DataSanitizeResult> {
  /** The payload class. */
  public readonly payloadType = DataSanitizePayload;

  /** @throws ActionError `invalidPayload` for a pattern that is not a regular expression */
  public async execute(payload: DataSanitizePayload): Promise<DataSanitizeResult> {
    const patterns = (payload.maskPatterns ?? []).map((pattern, index) => {
      try {
        return new RegExp(pattern, 'i');
      } catch (error) {
        throw actionError(ActionErrorKind.invalidPayload, KEY, `maskPatterns.${index} is not a regular expression`, `maskPatterns.${index}`, error);
      }
    });
    const allow = payload.allow === undefined ? undefined : new Set(payload.allow);
    const rules = { drop: new Set(payload.drop ?? []), mask: new Set(payload.mask ?? []), patterns, maskWith: payload.maskWith ?? '***' };
    const report = { masked: [] as string[], dropped: [] as string[] };
    const top = Object.fromEntries(Object.entries(payload.data).filter(([field]) => allow === undefined || allow.has(field)));
    const data = sanitize(top, '', 0, rules, report) as Record<string, unknown>;
    return { data, ...report };
  }
}

interface Rules {
  readonly drop: ReadonlySet<string>;
  readonly mask: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
  readonly maskWith: string;
}

function sanitize(value: unknown, path: string, depth: number, rules: Rules, report: { masked: string[]; dropped: string[] }): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => sanitize(item, `${path}${path === '' ? '' : '.'}${index}`, depth + 1, rules, report));
  }
  const out: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value)) {
    const at = path === '' ? field : `${path}.${field}`;
    if (rules.drop.has(field)) {
      report.dropped.push(at);
    } else if (rules.mask.has(field) || (field.length <= MAX_PATTERN_SUBJECT && rules.patterns.some((pattern) => pattern.test(field)))) {
      report.masked.push(at);
      Object.defineProperty(out, field, { value: rules.maskWith, enumerable: true, writable: true, configurable: true });
    } else {
      // defineProperty: a field named __proto__ stays a field, never a prototype change.
      Object.defineProperty(out, field, { value: sanitize(item, at, depth + 1, rules, report), enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** Registration entry of `data.sanitize`. */
export const dataSanitizeKit: ActionKitDefinition = {
  key: KEY,
  description: 'allow, drop and mask fields by name and by pattern, at any depth',
  build: () => new DataSanitize(),
};
