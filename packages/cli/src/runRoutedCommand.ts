// The light path of `oneiric`: a few commands sent straight to a running runtime, without commander, core or Inversify.
import { ControlClient, ControlError, ControlErrorKind, findRuntime } from '@oneiric/runtime/client';
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import { CLI_CONTROL_TIMEOUT_MS } from './locateRuntime.js';
import { parseRoutedCommandLine, type RoutedCommandLine } from './routedCommandLine.js';
import { settingsCacheDir } from './settingsCacheDir.js';

/**
 * Runs `argv` through the light path when it can: a plain `status`, `list`, `health` or `swap`
 * (see {@link parseRoutedCommandLine}) whose cache directory the settings name without loading
 * core, and whose runtime is running. The answer, output and exit code are the same as the full
 * program's. Undefined when the light path does not apply (any other command line, no runtime,
 * nothing listening on the socket): the caller then runs the full program (`runCli`), which
 * also covers help, usage errors and the answers from the files.
 */
export async function runRoutedCommand(argv: readonly string[], io: CliIo): Promise<ExitCode | undefined> {
  const line = parseRoutedCommandLine(argv);
  if (line === undefined) {
    return undefined;
  }
  const cacheDir = await settingsCacheDir(io, line.config);
  const record = cacheDir === undefined ? undefined : await findRuntime(cacheDir, io.cwd);
  if (record === undefined) {
    return undefined;
  }
  // One request in this process: its own connection, and node:http never loaded.
  const client = new ControlClient({ socketPath: record.socket, timeoutMs: CLI_CONTROL_TIMEOUT_MS, keepAlive: false });
  try {
    return await send(client, line, io);
  } catch (error) {
    // The request never left (a stale PID record): the full program reports the no-runtime case.
    if (error instanceof ControlError && error.kind === ControlErrorKind.noRuntime) {
      return undefined;
    }
    // Loaded only now: each module costs start-up time, and most runs meet no error.
    const [{ reportError }, { isDebug }] = await Promise.all([import('./reportError.js'), import('./isDebug.js')]);
    return reportError(error, { json: line.json, debug: isDebug(io.env), stderr: io.stderr });
  }
}

// The same functions the full program calls for these commands when a runtime answers.
async function send(client: ControlClient, line: RoutedCommandLine, io: CliIo): Promise<ExitCode> {
  if (line.command === 'swap') {
    const { swapViaRuntime } = await import('./runSwap.js');
    return swapViaRuntime(client, line, io.stdout);
  }
  if (line.command === 'list') {
    const { listViaRuntime } = await import('./runtimeReads.js');
    return listViaRuntime(client, line, io.stdout);
  }
  const reads = await import('./runtimeStatusReads.js');
  return line.command === 'status' ? reads.statusViaRuntime(client, line, io.stdout) : reads.healthViaRuntime(client, line, io.stdout);
}
