// Declares the runtime's own commands: orchestrate, start, stop, process-status, plugins, secrets rotate.
import type { Command } from 'commander';
import type { CliIo } from './cliIo.js';
import { CommandError } from './commandError.js';
import type { ExitCode } from './exitCode.js';
import { globalsOf, type ParsedGlobals } from './globalOptions.js';
import { runLiveCommand } from './liveCommand.js';
import { locateRuntime } from './locateRuntime.js';
import { UsageError } from './usageError.js';

/** Default wait of `start` for the runtime to answer, and of `stop` before SIGKILL. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** Registers the runtime process commands and the commands only a runtime can answer. */
export function registerRuntimeCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  program
    .command('orchestrate')
    .description('run the runtime in the foreground (application, remote sync, bridges, watchers, scheduler, control socket) until SIGTERM/SIGINT')
    .option('--profile <name>', 'profile: default, serverless or one declared in settings (wins over ONEIRIC_PROFILE and profile.name)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { profile?: string }>();
      const { orchestrateRuntime } = await import('./orchestrateRuntime.js');
      setExitCode(await orchestrateRuntime(globalsOf(options), options.profile === undefined ? {} : { profile: options.profile }, io));
    });

  program
    .command('start')
    .description('start the runtime in the background; waits until it answers, prints its PID and socket')
    .option('--profile <name>', 'profile, as for orchestrate')
    .option('--timeout <ms>', `how long to wait for it to answer (default ${DEFAULT_TIMEOUT_MS})`)
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { profile?: string; timeout?: string; json?: true }>();
      const globals = globalsOf(options);
      const { cacheDir } = await locateRuntime(io, globals.config);
      const { startRuntime } = await import('./startRuntime.js');
      setExitCode(await startRuntime(cacheDir, globals, {
        timeoutMs: parseTimeout(options.timeout), json: options.json === true, ...(options.profile === undefined ? {} : { profile: options.profile }),
      }, io));
    });

  program
    .command('stop')
    .description('stop the runtime of cache_dir: SIGTERM, wait, SIGKILL past --timeout')
    .option('--timeout <ms>', `how long to wait after SIGTERM before SIGKILL (default ${DEFAULT_TIMEOUT_MS})`)
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { timeout?: string; json?: true }>();
      const { cacheDir } = await locateRuntime(io, options.config);
      const { stopRuntime } = await import('./stopRuntime.js');
      setExitCode(await stopRuntime(cacheDir, { timeoutMs: parseTimeout(options.timeout), json: options.json === true }, io));
    });

  program
    .command('process-status')
    .description('whether a runtime runs for cache_dir: pid, profile, socket, phase; exit 1 when none does')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { json?: true }>();
      const { cacheDir } = await locateRuntime(io, options.config);
      const { processStatus } = await import('./processStatus.js');
      setExitCode(await processStatus(cacheDir, { json: options.json === true }, io));
    });

  registerRuntimeOnlyCommands(program, io, setExitCode);
}

function registerRuntimeOnlyCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  program
    .command('plugins')
    .description('plugin packages the runtime discovered (with none running: discovery run here): loaded, registered candidates, errors')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { json?: true }>();
      setExitCode(await runLiveCommand({
        mutating: false,
        viaRuntime: async (client) => (await import('./runtimeReads.js')).pluginsViaRuntime(client, { json: options.json === true }, io.stdout),
        inProcess: async () => (await import('./pluginsInProcess.js')).pluginsInProcess(globalsOf(options), io, { json: options.json === true }),
      }, globalsOf(options), io));
    });

  const secrets = program.command('secrets').description('secrets: rotate');
  secrets
    .command('rotate')
    .description('drop the runtime\'s cached secrets and fetch them again')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { json?: true }>();
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => (await import('./runtimeChanges.js')).secretsRotateViaRuntime(client, { json: options.json === true }, io.stdout),
        inProcess: () => Promise.reject(runtimeOnly('only a running runtime caches secrets: a command-line process has nothing to rotate')),
      }, globalsOf(options), io));
    });
}

function runtimeOnly(message: string): CommandError {
  return new CommandError('runtimeOnly', message);
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) {
    return DEFAULT_TIMEOUT_MS;
  }
  const timeoutMs = Number(value);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 0) {
    throw new UsageError('invalidArgument', `--timeout ${JSON.stringify(value)} must be a whole number of milliseconds`, { timeout: value });
  }
  return timeoutMs;
}
