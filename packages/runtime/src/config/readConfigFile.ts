/** Reads one YAML or JSON settings file into a plain mapping. */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { ConfigError, ConfigErrorKind } from '@oneiric/core';
import { isMapping } from './mergeOverlay.js';

/** Settings files larger than this are refused before parsing. */
const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

/**
 * The mapping in `file`, or undefined when it does not exist and `required` is false.
 * @throws ConfigError `missingExplicitFile`, `unreadableFile` or `unparsableFile` naming the file
 */
export async function readConfigFile(file: string, required: boolean): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) {
      return undefined;
    }
    const kind = code === 'ENOENT' ? ConfigErrorKind.missingExplicitFile : ConfigErrorKind.unreadableFile;
    throw new ConfigError(kind, `${file}: ${code === 'ENOENT' ? 'no such settings file' : 'cannot be read'}`, { file }, error);
  }
  if (Buffer.byteLength(text) > MAX_SETTINGS_FILE_BYTES) {
    throw new ConfigError(ConfigErrorKind.unreadableFile, `${file}: larger than ${MAX_SETTINGS_FILE_BYTES} bytes`, { file });
  }
  let parsed: unknown;
  try {
    // JSON_SCHEMA: no YAML dates or other surprises, as the rest of Oneiric reads settings.
    parsed = yaml.load(text, { schema: yaml.JSON_SCHEMA, filename: file }) ?? {};
  } catch (error) {
    throw new ConfigError(ConfigErrorKind.unparsableFile, `${file}: not valid YAML or JSON (${(error as Error).message.split('\n')[0] ?? ''})`, { file }, error);
  }
  if (!isMapping(parsed)) {
    throw new ConfigError(ConfigErrorKind.unparsableFile, `${file}: the top level must be a mapping`, { file });
  }
  return parsed;
}
