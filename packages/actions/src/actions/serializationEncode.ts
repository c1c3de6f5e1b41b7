/** `serialization.encode`: a value to JSON or YAML text, or a string to base64; pickle is refused. */
import { Allow, IsBoolean, IsIn } from 'class-validator';
import { Optional } from '../models/optional.js';
import yaml from 'js-yaml';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'serialization.encode';

/**
 * Formats the serialization kits accept in a payload; `pickle` only to refuse it clearly.
 * @category Action kits
 */
export type SerializationFormat = 'json' | 'yaml' | 'base64';
/**
 * Formats as validated (pickle passes validation so the action can explain the refusal).
 * @category Action kits
 */
export const SERIALIZATION_FORMATS = ['json', 'yaml', 'base64', 'pickle'] as const;

/**
 * Payload of `serialization.encode`.
 * @category Action kits
 */
export class SerializationEncodePayload {
  /** json (default), yaml or base64 (data must be a string). */
  @Optional() @IsIn(SERIALIZATION_FORMATS) public format?: SerializationFormat | 'pickle';
  /** The value to encode. */
  @Allow() public data: unknown = null;
  /** json: indent by two spaces. */
  @Optional() @IsBoolean() public pretty?: boolean;
}

/**
 * Result of `serialization.encode`.
 * @category Action kits
 */
export interface SerializationEncodeResult {
  readonly format: SerializationFormat;
  readonly text: string;
  readonly bytes: number;
}

/** Refuses pickle: it cannot be read without running code the sender chose. */
export function refusePickle(key: string): never {
  throw actionError(ActionErrorKind.unsupported, key, 'pickle is refused: reading it runs code chosen by its author; use json or yaml', 'format');
}

/**
 * Encodes a value.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke serialization.encode --payload '{"format":"yaml","data":{"a":[1,2]}}'
 * ```
 * @category Action kits
 */
export class SerializationEncode implements BuiltinAction<SerializationEncodePayload, SerializationEncodeResult> {
  /** The payload class. */
  public readonly payloadType = SerializationEncodePayload;

  /** @throws ActionError `unsupported` for pickle; `invalidPayload` for base64 of a non-string */
  public async execute(payload: SerializationEncodePayload): Promise<SerializationEncodeResult> {
    const format = payload.format ?? 'json';
    let text: string;
    switch (format) {
      case 'pickle':
        return refusePickle(KEY);
      case 'json':
        text = JSON.stringify(payload.data ?? null, null, payload.pretty === true ? 2 : undefined);
        break;
      case 'yaml':
        text = yaml.dump(payload.data ?? null, { schema: yaml.JSON_SCHEMA, noRefs: true, sortKeys: false });
        break;
      case 'base64':
        if (typeof payload.data !== 'string') {
          throw actionError(ActionErrorKind.invalidPayload, KEY, 'base64 encodes a string: data must be one', 'data');
        }
        text = Buffer.from(payload.data, 'utf8').toString('base64');
        break;
    }
    return { format, text, bytes: Buffer.byteLength(text) };
  }
}

/** Registration entry of `serialization.encode`. */
export const serializationEncodeKit: ActionKitDefinition = {
  key: KEY,
  description: 'encode a value as JSON or YAML, or a string as base64 (pickle refused)',
  build: () => new SerializationEncode(),
};
