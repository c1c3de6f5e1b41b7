// Declares the oneiric command line with commander, wired so commander never exits or prints errors itself.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import type { Oneiric } from '@oneiric/core';
import { buildApp } from './buildApp.js';
import type { CliIo } from './cliIo.js';
import { registerDomainCommands } from './domainCommands.js';
import type { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { parseDomain } from './parseDomain.js';
import { registerRemoteCommands } from './remoteCommands.js';
import { runExplain } from './runExplain.js';
import { runHealth } from './runHealth.js';
import { runList } from './runList.js';
import { runStatus } from './runStatus.js';
import { runSwap } from './runSwap.js';

// Global options as commander hands them over: a repeatable option is absent until first given.
interface ParsedGlobals {
  readonly config?: string;
  readonly import?: string[];
}

const HELP_FOOTER = `
Modules given to --import export register(app) or providers (decorated classes); see ProviderModule.

Exit codes: 0 success, 1 failure (Oneiric, configuration or import error), 2 usage error.
Set ONEIRIC_DEBUG=1 to print stack traces.`;

/**
 * A fresh commander program for one run. Output goes through `io`; commander's own error
 * printing is silenced and `exitOverride()` makes it throw instead of exiting, so `runCli`
 * reports every error in one format and returns the exit code. Each command's action reports
 * its exit code through `setExitCode`.
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
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--config <path>', 'explicit settings file (YAML or JSON); its selections are tier 1 of precedence')
    .option('--import <module>', 'module registering providers (repeatable)', collect)
    .addHelpText('after', HELP_FOOTER);

  program
    .command('list')
    .description('list the active provider of every key in a domain')
    .option('--domain <domain>', 'adapter, service, task, event, workflow or action (case-insensitive)', 'adapter')
    .option('--shadowed', 'also list the candidates that lost')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; shadowed?: true; json?: true }>();
      const domain = parseDomain(options.domain);
      setExitCode(await withApp(options, io, (app) => runList(app, {
        domain, shadowed: options.shadowed === true, json: options.json === true,
      }, io.stdout)));
    });

  program
    .command('explain')
    .description('explain why a key resolves to its winner: every candidate, ranked, with reasons')
    .argument('<key>', 'the key to explain (cache)')
    .option('--domain <domain>', 'adapter, service, task, event, workflow or action (case-insensitive)', 'adapter')
    .option('--capability <name>', 'request a capability (repeatable, or comma-separated)', collect)
    .option('--any', 'a candidate needs any one requested capability instead of all')
    .option('--json', 'print the explanation as JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; capability?: string[]; any?: true; json?: true }>();
      const domain = parseDomain(options.domain);
      const capabilities = (options.capability ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
      setExitCode(await withApp(options, io, (app) => runExplain(app, {
        domain, key, capabilities, requireAll: options.any !== true, json: options.json === true,
      }, io.stdout)));
    });

  program
    .command('swap')
    .description('activate a key\'s winner (or --provider) here: build, init, health check; record the status')
    .argument('<key>', 'the key to swap (cache)')
    .option('--domain <domain>', 'adapter, service, task, event, workflow or action (case-insensitive)', 'adapter')
    .option('--provider <provider>', 'swap to this provider instead of the precedence winner')
    .option('--force', 'accept a provider whose health check fails')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; provider?: string; force?: true; json?: true }>();
      const domain = parseDomain(options.domain);
      setExitCode(await withApp(options, io, (app) => runSwap(app, {
        domain, key, force: options.force === true, json: options.json === true,
        ...(options.provider === undefined ? {} : { provider: options.provider }),
      }, io.stdout), true));
    });

  program
    .command('status')
    .description('per key: recorded state and provider, precedence winner, selection, shadowed count; swap latency')
    .option('--domain <domain>', 'adapter, service, task, event, workflow or action (case-insensitive)', 'adapter')
    .option('--key <key>', 'only this key')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; key?: string; json?: true }>();
      const domain = parseDomain(options.domain);
      setExitCode(await withApp(options, io, (app) => runStatus(app, {
        domain, json: options.json === true, ...(options.key === undefined ? {} : { key: options.key }),
      }, io.stdout), true));
    });

  program
    .command('health')
    .description('recorded lifecycle health, or --probe: activate and health-check every registered key here')
    .option('--domain <domain>', 'only this domain (case-insensitive)')
    .option('--probe', 'activate each key\'s winner in this process and run its health check')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain?: string; probe?: true; json?: true }>();
      const domain = options.domain === undefined ? undefined : parseDomain(options.domain);
      setExitCode(await withApp(options, io, (app) => runHealth(app, {
        probe: options.probe === true, json: options.json === true, ...(domain === undefined ? {} : { domain }),
      }, io.stdout), options.probe !== true));
    });

  registerDomainCommands(program, io, setExitCode);
  registerRemoteCommands(program, io, setExitCode);
  return program;
}

// The application lives for one command; closing it cleans up whatever a module's register(app) activated.
async function withApp(options: ParsedGlobals, io: CliIo, run: (app: Oneiric) => ExitCode | Promise<ExitCode>, persistStatus = false): Promise<ExitCode> {
  const globals: GlobalOptions = { import: options.import ?? [], ...(options.config === undefined ? {} : { config: options.config }) };
  const app = await buildApp(globals, io, persistStatus);
  try {
    return await run(app);
  } finally {
    // Instances built here are cleaned up, but the status file keeps what this command did:
    // the CLI acts on behalf of the application, it is not the application shutting down.
    await app.close({ recordClosed: false });
  }
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
