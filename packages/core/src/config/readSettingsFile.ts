// Reads one settings file (YAML or JSON) into a plain mapping, with errors that name the file.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import yaml from 'js-yaml';
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { isPlainObject, type PlainObject } from './isPlainObject.js';
import { messageOf } from '../errors/messageOf.js';

/** Options of {@link readSettingsFile}. */
export interface ReadSettingsFileOptions {
  /** How messages and `context.file` name the file (usually relative to the working directory). */
  readonly shownAs: string;
  /** True for a file the user named explicitly: its absence is an error rather than "no layer". */
  readonly required: boolean;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function kindOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function formatOf(file: string, text: string): 'yaml' | 'json' {
  const extension = extname(file).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') {
    return 'yaml';
  }
  if (extension === '.json') {
    return 'json';
  }
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function parseYaml(text: string, shownAs: string): unknown {
  try {
    // The default schema is js-yaml 4's safe one: no functions or other executable tags.
    const parsed = yaml.load(text, { filename: shownAs });
    // A YAML file holding only comments is an empty layer, the usual shape of a fresh local.yaml.
    return parsed ?? {};
  } catch (error) {
    const where = error instanceof yaml.YAMLException && error.mark !== undefined
      ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}`
      : '';
    const reason = error instanceof yaml.YAMLException ? error.reason : String(error);
    throw new ConfigError(ConfigErrorKind.unparsableFile, `${shownAs}: invalid YAML${where}: ${reason}`, { file: shownAs }, error);
  }
}

function parseJson(text: string, shownAs: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8 quotes the offending text, newlines included; one line keeps log output greppable.
    const reason = (messageOf(error)).replace(/\s*\n\s*/g, ' ');
    throw new ConfigError(ConfigErrorKind.unparsableFile, `${shownAs}: invalid JSON: ${reason}`, { file: shownAs }, error);
  }
}

/**
 * Reads and parses a settings file. `.yaml`/`.yml` are YAML and `.json` is JSON; any other
 * extension is JSON when the text starts with `{`, else YAML. A YAML file with no content
 * (or only comments) is an empty mapping.
 * @param file - absolute path of the file
 * @param options - display name and whether the file must exist
 * @returns the top-level mapping, or `undefined` when an optional file does not exist
 * @throws ConfigError `missingExplicitFile` when a required file does not exist,
 *   `unreadableFile` when it exists but cannot be read (a directory, no permission),
 *   `unparsableFile` when it is not valid YAML/JSON or its top level is not a mapping
 */
export async function readSettingsFile(file: string, options: ReadSettingsFileOptions): Promise<PlainObject | undefined> {
  const { shownAs, required } = options;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    // ENOTDIR: a path component is a file, e.g. a `settings` file where the directory should be: still "not there".
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (!required) {
        return undefined;
      }
      throw new ConfigError(ConfigErrorKind.missingExplicitFile, `${shownAs}: the settings file does not exist`, { file: shownAs }, error);
    }
    throw new ConfigError(
      ConfigErrorKind.unreadableFile,
      `${shownAs}: cannot read the settings file (${code ?? (messageOf(error))})`,
      { file: shownAs },
      error,
    );
  }
  // Editors on Windows like to add a byte-order mark, which JSON.parse rejects.
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = formatOf(file, content) === 'yaml' ? parseYaml(content, shownAs) : parseJson(content, shownAs);
  if (!isPlainObject(parsed)) {
    throw new ConfigError(
      ConfigErrorKind.unparsableFile,
      `${shownAs}: the top level must be a mapping of settings (got ${kindOf(parsed)})`,
      { file: shownAs },
    );
  }
  return parsed;
}
