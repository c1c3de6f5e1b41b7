// Declares list, explain, swap, status and health: each goes to the running runtime, or to an in-process copy.
import type { Command } from 'commander';
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import { globalsOf, type ParsedGlobals } from './globalOptions.js';
import { runLiveCommand } from './liveCommand.js';
import { parseDomain } from './parseDomain.js';

const DOMAIN_HELP = 'adapter, service, task, event, workflow or action (case-insensitive)';

/**
 * Adds `list`, `explain`, `swap`, `status` and `health` to `program`. The in-process side is
 * imported only when used, so a command answered by a runtime never loads core or Inversify.
 */
export function registerCoreCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  program
    .command('list')
    .description('list the active provider of every key in a domain')
    .option('--domain <domain>', DOMAIN_HELP, 'adapter')
    .option('--shadowed', 'also list the candidates that lost')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; shadowed?: true; json?: true }>();
      const args = { domain: parseDomain(options.domain), shadowed: options.shadowed === true, json: options.json === true };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: false,
        viaRuntime: async (client) => (await import('./runtimeReads.js')).listViaRuntime(client, args, io.stdout),
        inProcess: async () => {
          const [{ withApp }, { runList }] = await Promise.all([import('./withApp.js'), import('./runList.js')]);
          return withApp(globals, io, (app) => runList(app, args, io.stdout), { cachedManifest: true });
        },
      }, globals, io));
    });

  program
    .command('explain')
    .description('explain why a key resolves to its winner: every candidate, ranked, with reasons')
    .argument('<key>', 'the key to explain (cache)')
    .option('--domain <domain>', DOMAIN_HELP, 'adapter')
    .option('--capability <name>', 'request a capability (repeatable, or comma-separated)', collect)
    .option('--any', 'a candidate needs any one requested capability instead of all')
    .option('--json', 'print the explanation as JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; capability?: string[]; any?: true; json?: true }>();
      const capabilities = (options.capability ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
      const args = { domain: parseDomain(options.domain), key, capabilities, requireAll: options.any !== true, json: options.json === true };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: false,
        viaRuntime: async (client) => (await import('./runtimeReads.js')).explainViaRuntime(client, args, io.stdout),
        inProcess: async () => {
          const [{ withApp }, { runExplain }] = await Promise.all([import('./withApp.js'), import('./runExplain.js')]);
          return withApp(globals, io, (app) => runExplain(app, args, io.stdout), { cachedManifest: true });
        },
      }, globals, io));
    });

  registerSwapCommand(program, io, setExitCode);
  registerStatusCommands(program, io, setExitCode);
}

function registerSwapCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  program
    .command('swap')
    .description('swap a key to its winner (or --provider) in the running runtime; --local: in this process')
    .argument('<key>', 'the key to swap (cache)')
    .option('--domain <domain>', DOMAIN_HELP, 'adapter')
    .option('--provider <provider>', 'swap to this provider instead of the precedence winner')
    .option('--force', 'accept a provider whose health check fails')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; provider?: string; force?: true; json?: true }>();
      const args = {
        domain: parseDomain(options.domain), key, force: options.force === true, json: options.json === true,
        ...(options.provider === undefined ? {} : { provider: options.provider }),
      };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => (await import('./runSwap.js')).swapViaRuntime(client, args, io.stdout),
        inProcess: async () => {
          const [{ withApp }, { runSwap }] = await Promise.all([import('./withApp.js'), import('./runSwap.js')]);
          return withApp(globals, io, (app) => runSwap(app, args, io.stdout), { persistStatus: true, cachedManifest: true });
        },
      }, globals, io));
    });
}

function registerStatusCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  program
    .command('status')
    .description('per key: state and provider, precedence winner, selection, shadowed count; swap latency (live facts from a runtime)')
    .option('--domain <domain>', DOMAIN_HELP, 'adapter')
    .option('--key <key>', 'only this key')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; key?: string; json?: true }>();
      const args = { domain: parseDomain(options.domain), json: options.json === true, ...(options.key === undefined ? {} : { key: options.key }) };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: false,
        viaRuntime: async (client) => (await import('./runtimeStatusReads.js')).statusViaRuntime(client, args, io.stdout),
        inProcess: async () => {
          const [{ withApp }, { runStatus }] = await Promise.all([import('./withApp.js'), import('./runStatus.js')]);
          return withApp(globals, io, (app) => runStatus(app, args, io.stdout), { persistStatus: true, cachedManifest: true });
        },
      }, globals, io));
    });

  program
    .command('health')
    .description('health of every key; exit 1 when one is failed or forced unhealthy. --probe: activate and check each key here')
    .option('--domain <domain>', 'only this domain (case-insensitive)')
    .option('--probe', 'activate each key\'s winner in this process and run its health check')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain?: string; probe?: true; json?: true }>();
      const domain = options.domain === undefined ? undefined : parseDomain(options.domain);
      const args = { probe: options.probe === true, json: options.json === true, ...(domain === undefined ? {} : { domain }) };
      // --probe checks providers in this process by definition: it never goes to a runtime.
      const globals = args.probe ? { ...globalsOf(options), local: true } : globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: false,
        viaRuntime: async (client) => (await import('./runtimeStatusReads.js')).healthViaRuntime(client, args, io.stdout),
        inProcess: async () => {
          const [{ withApp }, { runHealth }] = await Promise.all([import('./withApp.js'), import('./runHealth.js')]);
          return withApp(globals, io, (app) => runHealth(app, args, io.stdout), { persistStatus: !args.probe });
        },
      }, globals, io));
    });
}

// No default value for repeatable options: commander would print "(default: [])" in the help.
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
