// The whole CLI as a function: parse argv, run one command, report errors, return the exit code.
import { CommanderError } from 'commander';
import type { CliIo } from './cliIo.js';
import { createProgram } from './createProgram.js';
import { ExitCode } from './exitCode.js';
import { isDebug } from './isDebug.js';
import { misplacedVersionOption } from './misplacedVersionOption.js';
import { reportError } from './reportError.js';
import { usageErrorFromCommander } from './usageErrorFromCommander.js';

/**
 * Runs `oneiric` with `argv` (the arguments after the executable and script, as in
 * `process.argv.slice(2)`) and resolves to the exit code; it never calls `process.exit` and
 * never rejects, so tests can run it in-process (`orchestrate` excepted: it becomes the runtime
 * and the process ends on SIGTERM/SIGINT).
 *
 * Commands that read or change live state go to the runtime running for the cache directory;
 * with none, read-only ones answer from the files (a note on stderr) and the others fail, unless
 * `--local` asks for an in-process copy (see the README's command table). Global options, before
 * or after the command: `--config PATH`, repeatable `--import MODULE` (see `ProviderModule`) and
 * `--local`; `-V`/`--version` only before it.
 *
 * Exit codes: 0 success (and `--help`, `--version`); 1 failure (any Oneiric error, bad
 * configuration, a module that cannot be imported or breaks the import contract, `health` with
 * a key failed or forced unhealthy, a command that changes live state with no runtime running);
 * 2 usage error (unknown command or option, missing or extra argument, bad `--domain`,
 * `--version` after a command, no command at all; the last prints the help on stderr). Errors are one stderr line, `oneiric: <message>`,
 * or with `--json` anywhere on the line, `{"error": {...}}`; `ONEIRIC_DEBUG=1` adds stack traces.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Scanned up front: a parse error happens before commander has read --json itself.
  const json = argv.slice(0, endOfOptions(argv)).includes('--json');
  const debug = isDebug(io.env);
  let exitCode: ExitCode = ExitCode.success;
  try {
    const misplaced = misplacedVersionOption(argv);
    if (misplaced !== undefined) {
      throw misplaced;
    }
    const program = createProgram(io, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) {
        // --help or --version: commander has already written to stdout.
        return ExitCode.success;
      }
      if (error.code === 'commander.help') {
        // No command: commander has already written the help to stderr.
        return ExitCode.usage;
      }
      return reportError(usageErrorFromCommander(error), { json, debug, stderr: io.stderr });
    }
    return reportError(error, { json, debug, stderr: io.stderr });
  }
}

function endOfOptions(argv: readonly string[]): number {
  const index = argv.indexOf('--');
  return index === -1 ? argv.length : index;
}
