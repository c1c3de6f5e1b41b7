// Translates commander's parse errors into UsageError so they are reported like every other CLI error.
import type { CommanderError } from 'commander';
import { UsageError, type UsageErrorKind } from './usageError.js';

const KIND_BY_CODE: Readonly<Record<string, UsageErrorKind>> = {
  'commander.unknownCommand': 'unknownCommand',
  'commander.unknownOption': 'unknownOption',
  'commander.missingArgument': 'missingArgument',
  'commander.optionMissingArgument': 'missingArgument',
  'commander.missingMandatoryOptionValue': 'missingArgument',
  'commander.excessArguments': 'excessArguments',
  'commander.invalidArgument': 'invalidArgument',
  'commander.conflictingOption': 'invalidArgument',
};

/**
 * The {@link UsageError} for a commander parse failure. Commander's message starts with
 * `error: ` and may put a suggestion on a second line; both are folded into one line here
 * (`unknown option '--jsn' (Did you mean --json?)`).
 */
export function usageErrorFromCommander(error: CommanderError): UsageError {
  const message = error.message.replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ').trim();
  return new UsageError(KIND_BY_CODE[error.code] ?? 'invalidArgument', message, { code: error.code });
}
