// Parses a JSON command-line option (`--payload '{"id": 7}'`), turning bad JSON into a usage error.
import { UsageError } from './usageError.js';

/**
 * The parsed value of a JSON option, or `fallback` when the option is absent.
 * @param option - the option's name, for the message (`--payload`)
 * @param mustBeObject - require a JSON object (for headers)
 * @throws UsageError `invalidArgument` naming the option and the parser's complaint
 */
export function parseJsonOption(option: string, text: string | undefined, fallback: unknown, mustBeObject = false): unknown {
  if (text === undefined) {
    return fallback;
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError('invalidArgument', `${option} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { option });
  }
  if (mustBeObject && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new UsageError('invalidArgument', `${option} must be a JSON object`, { option });
  }
  return value;
}
