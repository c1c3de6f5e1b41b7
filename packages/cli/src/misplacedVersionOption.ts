// Scopes -V/--version to the root: after a command it is a usage error, never the CLI's version.
import { UsageError } from './usageError.js';

// Root options that take a value: their value is not the command name.
const ROOT_OPTIONS_WITH_VALUE = new Set(['--config', '--import']);
const VERSION_FLAGS = new Set(['-V', '--version']);

/**
 * The usage error for `-V`/`--version` written after the command (`oneiric workflow run flow
 * --version 2`), or undefined when there is none. Commander treats a root option as global, so
 * without this check such a line printed the CLI's version and exited 0: the version flag
 * belongs before the command, and a workflow's version is `--workflow-version`.
 * A pure calculation over `argv` (the arguments after the executable).
 */
export function misplacedVersionOption(argv: readonly string[]): UsageError | undefined {
  const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
  let index = 0;
  while (index < end && argv[index]!.startsWith('-')) {
    index += ROOT_OPTIONS_WITH_VALUE.has(argv[index]!) ? 2 : 1;
  }
  const command = argv.slice(index, end).filter((token) => !token.startsWith('-')).slice(0, 2);
  const misplaced = argv.slice(index + 1, end).find((token) => VERSION_FLAGS.has(token));
  if (index >= end || misplaced === undefined) {
    return undefined;
  }
  const hint = command[0] === 'workflow'
    ? 'choose a workflow\'s version with --workflow-version'
    : 'write `oneiric --version` to print the CLI\'s version';
  return new UsageError('versionAfterCommand', `${misplaced} goes before the command (${command[0] === 'workflow' ? command.join(' ') : command[0] ?? ''}); ${hint}`, { option: misplaced });
}
