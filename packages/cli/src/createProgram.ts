// Declares the oneiric command line with commander, wired so commander never exits or prints errors itself.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import type { CliIo } from './cliIo.js';
import { registerCoreCommands } from './coreCommands.js';
import { registerDomainCommands } from './domainCommands.js';
import { registerFleetCommands } from './fleetCommands.js';
import type { ExitCode } from './exitCode.js';
import { registerRemoteCommands } from './remoteCommands.js';
import { registerRuntimeCommands } from './runtimeCommands.js';

const HELP_FOOTER = `
Commands that read or change live state (list, explain, status, health, swap, pause, drain,
activity, remote-sync, remote-status, event emit, workflow run, action invoke, plugins,
secrets rotate) go to the runtime running for cache_dir (see \`oneiric start\`). With none
running, the read-only ones answer from the files and the others fail; --local acts on an
in-process copy instead.

Modules given to --import export register(app) or providers (decorated classes); see ProviderModule.

Exit codes: 0 success; 1 failure (Oneiric, configuration or import error, a module exporting
neither register nor providers, health with a key failed or forced unhealthy, no runtime for a
command that changes live state); 2 usage error (-V/--version goes before the command).
Set ONEIRIC_DEBUG=1 to print stack traces.`;

/**
 * A fresh commander program for one run. Output goes through `io`; commander's own error
 * printing is silenced and `exitOverride()` makes it throw instead of exiting, so `runCli`
 * reports every error in one format and returns the exit code. Each command's action reports
 * its exit code through `setExitCode`. Declaring the commands loads nothing heavy: what a
 * command needs is imported when it runs.
 */
export function createProgram(io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('oneiric')
    .description('Resolve, explain, swap and operate the providers of an Oneiric application')
    // Before any .command(): subcommands copy these settings when they are created.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined,
    })
    .version(packageVersion(), '-V, --version', 'print the version (before any command)')
    .option('--config <path>', 'explicit settings file (YAML or JSON); its selections are tier 1 of precedence')
    .option('--import <module>', 'module registering providers (repeatable)', collect)
    .option('--local', 'act on an in-process copy instead of the running runtime')
    .addHelpText('after', HELP_FOOTER);

  registerCoreCommands(program, io, setExitCode);
  registerDomainCommands(program, io, setExitCode);
  registerRemoteCommands(program, io, setExitCode);
  registerRuntimeCommands(program, io, setExitCode);
  registerFleetCommands(program, io, setExitCode);
  return program;
}

// No default value for repeatable options: commander would print "(default: [])" in the help.
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function packageVersion(): string {
  // ../package.json from both src/ (tests) and dist/ (the built binary).
  const manifest = createRequire(import.meta.url)('../package.json') as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
