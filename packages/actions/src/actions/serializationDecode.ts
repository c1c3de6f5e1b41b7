/** `serialization.decode`: JSON, YAML (safe schema, no aliases) or base64 text back to a value; pickle is refused. */
import { IsIn, IsString } from 'class-validator';
import { MaxChars } from '../models/maxChars.js';
import { Optional } from '../models/optional.js';
import { decodeText } from '../calculations/decodeText.js';
import { parseYamlSafely } from '../calculations/parseYamlSafely.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';
import { refusePickle, SERIALIZATION_FORMATS, type SerializationFormat } from './serializationEncode.js';

const KEY = 'serialization.decode';

/**
 * Payload of `serialization.decode`.
 * @category Action kits
 */
export class SerializationDecodePayload {
  /** json (default), yaml or base64. */
  @Optional() @IsIn(SERIALIZATION_FORMATS) public format?: SerializationFormat | 'pickle';
  /** The text to decode. */
  @IsString() @MaxChars(16 * 1024 * 1024) public text = '';
}

/**
 * Result of `serialization.decode`.
 * @category Action kits
 */
export interface SerializationDecodeResult {
  readonly format: SerializationFormat;
  readonly data: unknown;
}

/**
 * Decodes text.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke serialization.decode --payload '{"format":"yaml","text":"a: [1, 2]"}' --json
 * ```
 * @category Action kits
 */
export class SerializationDecode implements BuiltinAction<SerializationDecodePayload, SerializationDecodeResult> {
  /** The payload class. */
  public readonly payloadType = SerializationDecodePayload;

  /** @throws ActionError `decodeFailed` for text not in the format, `limitExceeded` for YAML aliases, `unsupported` for pickle */
  public async execute(payload: SerializationDecodePayload): Promise<SerializationDecodeResult> {
    const format = payload.format ?? 'json';
    switch (format) {
      case 'pickle':
        return refusePickle(KEY);
      case 'json':
        try {
          return { format, data: JSON.parse(payload.text) as unknown };
        } catch (error) {
          throw actionError(ActionErrorKind.decodeFailed, KEY, 'text is not valid JSON', 'text', error);
        }
      case 'yaml':
        return { format, data: parseYamlSafely(payload.text, KEY) ?? null };
      case 'base64': {
        const bytes = decodeText(payload.text, 'base64', KEY, 'text');
        return { format, data: bytes.toString('utf8') };
      }
    }
  }
}

/** Registration entry of `serialization.decode`. */
export const serializationDecodeKit: ActionKitDefinition = {
  key: KEY,
  description: 'decode JSON, YAML (safe schema, no aliases) or base64 text (pickle refused)',
  build: () => new SerializationDecode(),
};
