// Routes a command that reads or changes live state: to the running runtime, or to the files, or refused.
import { ControlError, ControlErrorKind, type ControlClient } from '@oneiric/runtime/client';
import type { CliIo } from './cliIo.js';
import { CommandError } from './commandError.js';
import type { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { locateRuntime } from './locateRuntime.js';

/** How one live command runs. */
export interface LiveCommand {
  /** True for a command that changes live state (swap, pause...): refused when no runtime runs. */
  readonly mutating: boolean;
  /** Sends the command to the running runtime and prints its answer. */
  viaRuntime(client: ControlClient): Promise<ExitCode>;
  /** Runs the command in this process, on the files of the cache directory. */
  inProcess(): Promise<ExitCode>;
}

/**
 * Runs a command that reads or changes live state where that state lives:
 *
 * - `--local`: in this process (an in-process copy, as the CLI always did), runtime or not;
 * - a runtime runs for the cache directory: through its control socket, so the running
 *   application sees the change and answers with its own state (a live PID record whose socket
 *   nobody listens on counts as no runtime);
 * - none runs: a read-only command answers from the files, saying so on stderr; a mutating one
 *   fails (exit 1) rather than report a success that changed nothing.
 * @throws CommandError `noRuntime` for a mutating command with no runtime and no `--local`
 */
export async function runLiveCommand(command: LiveCommand, globals: GlobalOptions, io: CliIo): Promise<ExitCode> {
  if (globals.local === true) {
    return command.inProcess();
  }
  const location = await locateRuntime(io, globals.config);
  if (location.client !== undefined) {
    try {
      return await command.viaRuntime(location.client);
    } catch (error) {
      // Nothing listens on the socket (a record whose pid was reused, a runtime gone without
      // cleaning up): the request never left, so this is the no-runtime case.
      if (!(error instanceof ControlError && error.kind === ControlErrorKind.noRuntime)) {
        throw error;
      }
    }
  }
  if (command.mutating) {
    throw new CommandError(
      'noRuntime',
      `no runtime is running for ${location.cacheDir}; start one with \`oneiric start\`, or pass \`--local\` to act on an in-process copy`,
      { cacheDir: location.cacheDir },
    );
  }
  io.stderr.write(`oneiric: note: no runtime is running for ${location.cacheDir}; answering from the files\n`);
  return command.inProcess();
}
