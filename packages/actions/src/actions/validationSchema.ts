/** `validation.schema`: validates a value against a JSON Schema with ajv; compiled schemas are cached. */
import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { Allow, IsBoolean, IsObject } from 'class-validator';
import { Optional } from '../models/optional.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';
import { messageOf } from '@oneiric/core/internal';

const KEY = 'validation.schema';
const CACHE_LIMIT = 256;

/**
 * Payload of `validation.schema`.
 * @category Action kits
 */
export class ValidationSchemaPayload {
  /** A JSON Schema (draft-07 or 2019-09 keywords that ajv's default build knows). */
  @IsObject() public schema: Record<string, unknown> = {};
  /** The value validated. */
  @Allow() public data: unknown = null;
  /** Report every error (default) or stop at the first. */
  @Optional() @IsBoolean() public allErrors?: boolean;
}

/**
 * One validation error.
 * @category Action kits
 */
export interface SchemaViolation {
  /** JSON Pointer of the offending value (`/items/0/sku`), empty for the root. */
  readonly instancePath: string;
  /** The schema keyword that failed (`required`, `type`, ...). */
  readonly keyword: string;
  readonly message: string;
}

/**
 * Result of `validation.schema`.
 * @category Action kits
 */
export interface ValidationSchemaResult {
  readonly status: 'valid' | 'invalid';
  readonly valid: boolean;
  readonly errors: readonly SchemaViolation[];
}

/**
 * Validates data against a schema.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke validation.schema --payload '{"schema":{"type":"object","required":["id"]},"data":{}}' --json
 * ```
 * @category Action kits
 */
export class ValidationSchema implements BuiltinAction<ValidationSchemaPayload, ValidationSchemaResult> {
  /** The payload class. */
  public readonly payloadType = ValidationSchemaPayload;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #ajv = { all: new Ajv({ allErrors: true, strict: false }), first: new Ajv({ allErrors: false, strict: false }) };

  /** @throws ActionError `invalidPayload` for a schema ajv cannot compile */
  public async execute(payload: ValidationSchemaPayload): Promise<ValidationSchemaResult> {
    const validate = this.#compile(payload.schema, payload.allErrors !== false);
    const isValid = validate(payload.data);
    const errors = (validate.errors ?? []).map((error) => ({ instancePath: error.instancePath, keyword: error.keyword, message: error.message ?? error.keyword }));
    return { status: isValid ? 'valid' : 'invalid', valid: isValid, errors };
  }

  #compile(schema: Record<string, unknown>, allErrors: boolean): ValidateFunction {
    const text = JSON.stringify(schema);
    const id = `${allErrors ? 'all' : 'first'}:${createHash('sha256').update(text).digest('hex')}`;
    const cached = this.#compiled.get(id);
    if (cached !== undefined) {
      return cached;
    }
    let validate: ValidateFunction;
    try {
      // $id is dropped: ajv refuses a second schema with the same $id, and the cache is keyed by content anyway.
      const { $id: _ignored, ...anonymous } = JSON.parse(text) as Record<string, unknown>;
      validate = (allErrors ? this.#ajv.all : this.#ajv.first).compile(anonymous);
    } catch (error) {
      throw actionError(ActionErrorKind.invalidPayload, KEY, `schema does not compile: ${messageOf(error)}`, 'schema', error);
    }
    if (this.#compiled.size >= CACHE_LIMIT) {
      const [oldestId, oldest] = this.#compiled.entries().next().value!;
      this.#compiled.delete(oldestId);
      // ajv keeps its own reference to every compiled schema: drop it too, or the cache bound means nothing.
      (oldestId.startsWith('all:') ? this.#ajv.all : this.#ajv.first).removeSchema(oldest.schema as object);
    }
    this.#compiled.set(id, validate);
    return validate;
  }
}

/** Registration entry of `validation.schema`. */
export const validationSchemaKit: ActionKitDefinition = {
  key: KEY,
  description: 'validate a value against a JSON Schema (ajv, compiled schemas cached); errors with instance paths',
  build: () => new ValidationSchema(),
};
