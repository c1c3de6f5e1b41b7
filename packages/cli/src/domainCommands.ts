// Adds the domain commands (pause, drain, activity, event emit, action invoke, workflow plan|run) to the oneiric program.
import type { Command } from 'commander';
import { loadSettings, optionsFromSettings } from '@oneiric/core';
import { ActivityStore, createDomainBridges, type DomainBridges, type EmitHeaders } from '@oneiric/domains';
import { buildApp } from './buildApp.js';
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { parseDomain } from './parseDomain.js';
import { parseJsonOption } from './parseJsonOption.js';
import { runActionInvoke } from './runActionInvoke.js';
import { runActivity } from './runActivity.js';
import { runDrain } from './runDrain.js';
import { runEventEmit } from './runEventEmit.js';
import { runPause } from './runPause.js';
import { runWorkflowPlan } from './runWorkflowPlan.js';
import { runWorkflowRun } from './runWorkflowRun.js';

// Global options as commander hands them over: a repeatable option is absent until first given.
interface ParsedGlobals {
  readonly config?: string;
  readonly import?: string[];
}

const DOMAIN_HELP = 'adapter, service, task, event, workflow or action (case-insensitive)';

/**
 * Registers `pause`, `drain`, `activity`, `event emit`, `action invoke`, `workflow plan` and
 * `workflow run` on `program`. Pause and drain write `activity.json` in `cache_dir`, which running
 * applications follow; events, actions and workflows run in this process with the `--import` modules' providers,
 * workflow checkpoints kept in `cache_dir`.
 */
export function registerDomainCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  program
    .command('pause')
    .description('pause a key (new work refused) in every process following cache_dir; --resume undoes it')
    .argument('<key>', 'the key to pause')
    .option('--domain <domain>', DOMAIN_HELP, 'adapter')
    .option('--note <text>', 'why (kept until cleared)')
    .option('--resume', 'resume instead (clears the note unless --note is given)')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; note?: string; resume?: true; json?: true }>();
      const domain = parseDomain(options.domain);
      const store = await activityStore(options, io);
      setExitCode(await runPause(store, {
        domain, key, undo: options.resume === true, json: options.json === true, ...(options.note === undefined ? {} : { note: options.note }),
      }, io.stdout));
    });

  program
    .command('drain')
    .description('drain a key (new work refused, running work finishes) in every process following cache_dir; --clear undoes it')
    .argument('<key>', 'the key to drain')
    .option('--domain <domain>', DOMAIN_HELP, 'adapter')
    .option('--note <text>', 'why (kept until cleared)')
    .option('--clear', 'stop draining instead (clears the note unless --note is given)')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; note?: string; clear?: true; json?: true }>();
      const domain = parseDomain(options.domain);
      const store = await activityStore(options, io);
      setExitCode(await runDrain(store, {
        domain, key, undo: options.clear === true, json: options.json === true, ...(options.note === undefined ? {} : { note: options.note }),
      }, io.stdout));
    });

  program
    .command('activity')
    .description('list paused and draining keys with their notes, and totals per domain')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { json?: true }>();
      setExitCode(await runActivity(await activityStore(options, io), { json: options.json === true }, io.stdout));
    });

  const event = program.command('event').description('events: emit');
  event
    .command('emit')
    .description('dispatch an event to every matching handler here; exit 1 when a handler failed')
    .argument('<topic>', 'the topic (user.created)')
    .option('--payload <json>', 'the payload, as JSON (default {})')
    .option('--headers <json>', 'extra headers, as a JSON object (correlationId, causationId, ...)')
    .option('--json', 'print JSON')
    .action(async (topic: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { payload?: string; headers?: string; json?: true }>();
      const payload = parseJsonOption('--payload', options.payload, {});
      const headers = parseJsonOption('--headers', options.headers, {}, true) as EmitHeaders;
      setExitCode(await withBridges(options, io, (bridges) => runEventEmit(bridges, { topic, payload, headers, json: options.json === true }, io.stdout)));
    });

  const action = program.command('action').description('actions: invoke');
  action
    .command('invoke')
    .description('validate a payload against an action\'s payload class and execute the action here')
    .argument('<key>', 'the action key')
    .option('--payload <json>', 'the payload, as a JSON object (default {})')
    .option('--provider <provider>', 'run this provider of the key instead of the winner')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { payload?: string; provider?: string; json?: true }>();
      const payload = parseJsonOption('--payload', options.payload, {}, true);
      setExitCode(await withBridges(options, io, (bridges) => runActionInvoke(bridges, {
        key, payload, json: options.json === true, ...(options.provider === undefined ? {} : { provider: options.provider }),
      }, io.stdout)));
    });

  const workflow = program.command('workflow').description('workflows: plan, run');
  workflow
    .command('plan')
    .description('validate a workflow and print its dependency layers')
    .argument('<key>', 'the workflow key')
    .option('--version <version>', 'plan this version')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { version?: string; json?: true }>();
      setExitCode(await withBridges(options, io, (bridges) => runWorkflowPlan(bridges, {
        key, json: options.json === true, ...(options.version === undefined ? {} : { version: options.version }),
      }, io.stdout)));
    });
  workflow
    .command('run')
    .description('run a workflow here, checkpointing each node in cache_dir; --resume continues a failed run')
    .argument('<key>', 'the workflow key')
    .option('--resume', 'continue the checkpointed run, skipping finished nodes')
    .option('--version <version>', 'run this version')
    .option('--context <json>', 'the run context given to nodes without a payload, as JSON')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { resume?: true; version?: string; context?: string; json?: true }>();
      const context = parseJsonOption('--context', options.context, undefined);
      setExitCode(await withBridges(options, io, (bridges) => runWorkflowRun(bridges, {
        key, resume: options.resume === true, json: options.json === true,
        ...(options.version === undefined ? {} : { version: options.version }),
        ...(context === undefined ? {} : { context }),
      }, io.stdout)));
    });
}

async function cacheDirOf(options: ParsedGlobals, io: CliIo): Promise<string | undefined> {
  const { settings } = await loadSettings({ cwd: io.cwd, env: io.env, ...(options.config === undefined ? {} : { explicitPath: options.config }) });
  return optionsFromSettings(settings, { cwd: io.cwd }).cacheDir;
}

async function activityStore(options: ParsedGlobals, io: CliIo): Promise<ActivityStore> {
  const cacheDir = await cacheDirOf(options, io);
  const store = new ActivityStore(cacheDir === undefined ? {} : { cacheDir });
  await store.load();
  return store;
}

// The application and its bridges live for one command, like the core commands' application.
async function withBridges(options: ParsedGlobals, io: CliIo, run: (bridges: DomainBridges) => ExitCode | Promise<ExitCode>): Promise<ExitCode> {
  const globals: GlobalOptions = { import: options.import ?? [], ...(options.config === undefined ? {} : { config: options.config }) };
  const cacheDir = await cacheDirOf(options, io);
  const app = await buildApp(globals, io, false);
  const bridges = await createDomainBridges(app, { watchActivity: false, ...(cacheDir === undefined ? {} : { cacheDir }) });
  try {
    return await run(bridges);
  } finally {
    await bridges.close();
    await app.close({ recordClosed: false });
  }
}
