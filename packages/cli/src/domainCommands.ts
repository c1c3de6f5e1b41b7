// Adds the domain commands (pause, drain, activity, event emit, action invoke, workflow plan|run) to the oneiric program.
import type { Command } from 'commander';
import type { EmitHeaders } from '@oneiric/domains';
import type { CliIo } from './cliIo.js';
import { ExitCode } from './exitCode.js';
import { globalsOf, type GlobalOptions, type ParsedGlobals } from './globalOptions.js';
import { runLiveCommand } from './liveCommand.js';
import { parseDomain } from './parseDomain.js';
import { parseJsonOption } from './parseJsonOption.js';
import type { ActivityCommandOptions } from './runPause.js';

const DOMAIN_HELP = 'adapter, service, task, event, workflow or action (case-insensitive)';

/**
 * Registers `pause`, `drain`, `activity`, `event emit`, `action invoke`, `workflow plan` and
 * `workflow run` on `program`. All but `workflow plan` go to the running runtime (see
 * `runLiveCommand`); with `--local`, pause and drain write `activity.json` in `cache_dir`, which
 * running applications follow, and events, actions and workflows run in this process with the
 * `--import` modules' providers, workflow checkpoints kept in `cache_dir`.
 */
export function registerDomainCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  registerActivityCommand(program, io, setExitCode, 'pause', '--resume');
  registerActivityCommand(program, io, setExitCode, 'drain', '--clear');

  program
    .command('activity')
    .description('list paused and draining keys with their notes, and totals per domain')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { json?: true }>();
      const globals = globalsOf(options);
      const args = { json: options.json === true };
      setExitCode(await runLiveCommand({
        mutating: false,
        viaRuntime: async (client) => (await import('./runtimeReads.js')).activityViaRuntime(client, args, io.stdout),
        inProcess: async () => {
          const [{ activityStoreOf }, { runActivity }] = await Promise.all([import('./withApp.js'), import('./runActivity.js')]);
          return runActivity(await activityStoreOf(globals, io), args, io.stdout);
        },
      }, globals, io));
    });

  registerWorkCommands(program, io, setExitCode);
  registerWorkflowCommands(program, io, setExitCode);
}

// event emit and action invoke: work run by the bridges.
function registerWorkCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  const event = program.command('event').description('events: emit');
  event
    .command('emit')
    .description('dispatch an event to every matching handler (in the runtime); exit 1 when a handler failed')
    .argument('<topic>', 'the topic (user.created)')
    .option('--payload <json>', 'the payload, as JSON (default {})')
    .option('--headers <json>', 'extra headers, as a JSON object (correlationId, causationId, ...)')
    .option('--json', 'print JSON')
    .action(async (topic: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { payload?: string; headers?: string; json?: true }>();
      const payload = parseJsonOption('--payload', options.payload, {});
      const headers = parseJsonOption('--headers', options.headers, {}, true) as EmitHeaders;
      const args = { topic, payload, headers, json: options.json === true };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => (await import('./runtimeChanges.js')).eventEmitViaRuntime(client, args, io.stdout),
        inProcess: () => inBridges(globals, io, async (bridges) => (await import('./runEventEmit.js')).runEventEmit(bridges, args, io.stdout)),
      }, globals, io));
    });

  const action = program.command('action').description('actions: invoke');
  action
    .command('invoke')
    .description('validate a payload against an action\'s payload class and execute the action (in the runtime)')
    .argument('<key>', 'the action key')
    .option('--payload <json>', 'the payload, as a JSON object (default {})')
    .option('--provider <provider>', 'run this provider of the key instead of the winner')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { payload?: string; provider?: string; json?: true }>();
      const payload = parseJsonOption('--payload', options.payload, {}, true);
      const args = { key, payload, json: options.json === true, ...(options.provider === undefined ? {} : { provider: options.provider }) };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => (await import('./runtimeChanges.js')).actionInvokeViaRuntime(client, args, io.stdout),
        inProcess: () => inBridges(globals, io, async (bridges) => (await import('./runActionInvoke.js')).runActionInvoke(bridges, args, io.stdout)),
      }, globals, io));
    });
}

function registerActivityCommand(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void, change: 'pause' | 'drain', undoFlag: '--resume' | '--clear'): void {
  program
    .command(change)
    .description(change === 'pause'
      ? 'pause a key (new work refused) in the runtime and every process following cache_dir; --resume undoes it'
      : 'drain a key (new work refused, running work finishes) in the runtime and every process following cache_dir; --clear undoes it')
    .argument('<key>', `the key to ${change}`)
    .option('--domain <domain>', DOMAIN_HELP, 'adapter')
    .option('--note <text>', 'why (kept until cleared)')
    .option(undoFlag, `${change === 'pause' ? 'resume' : 'stop draining'} instead (clears the note unless --note is given)`)
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { domain: string; note?: string; resume?: true; clear?: true; json?: true }>();
      const args: ActivityCommandOptions = {
        domain: parseDomain(options.domain), key, json: options.json === true,
        undo: (change === 'pause' ? options.resume : options.clear) === true,
        ...(options.note === undefined ? {} : { note: options.note }),
      };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => (await import('./runtimeChanges.js')).activityViaRuntimeChange(client, change, args, io.stdout),
        inProcess: async () => (await import('./changeActivityInProcess.js')).changeActivityInProcess(change, args, globals, io),
      }, globals, io));
    });
}

function registerWorkflowCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  const workflow = program.command('workflow').description('workflows: plan, run, enqueue');
  workflow
    .command('plan')
    .description('validate a workflow and print its dependency layers (in this process)')
    .argument('<key>', 'the workflow key')
    .option('--workflow-version <version>', 'plan this version of the workflow')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { workflowVersion?: string; json?: true }>();
      const args = { key, json: options.json === true, ...(options.workflowVersion === undefined ? {} : { version: options.workflowVersion }) };
      setExitCode(await inBridges(globalsOf(options), io, async (bridges) => (await import('./runWorkflowPlan.js')).runWorkflowPlan(bridges, args, io.stdout)));
    });
  workflow
    .command('run')
    .description('run a workflow (in the runtime), checkpointing each node in cache_dir; --resume continues a failed run')
    .argument('<key>', 'the workflow key')
    .option('--resume', 'continue the checkpointed run, skipping finished nodes (refused when there is none)')
    .option('--workflow-version <version>', 'run this version of the workflow')
    .option('--context <json>', 'the run context given to nodes without a payload, as JSON')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { resume?: true; workflowVersion?: string; context?: string; json?: true }>();
      const context = parseJsonOption('--context', options.context, undefined);
      const args = {
        key, resume: options.resume === true, json: options.json === true,
        ...(options.workflowVersion === undefined ? {} : { version: options.workflowVersion }),
        ...(context === undefined ? {} : { context }),
      };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => (await import('./runtimeChanges.js')).workflowRunViaRuntime(client, args, io.stdout),
        inProcess: () => inBridges(globals, io, async (bridges) => (await import('./runWorkflowRun.js')).runWorkflowRun(bridges, args, io.stdout)),
      }, globals, io));
    });
  registerWorkflowEnqueue(workflow, io, setExitCode);
}

// Queue-backed runs: the runtime's queue workers (or another instance's) run them.
function registerWorkflowEnqueue(workflow: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  workflow
    .command('enqueue')
    .description('put a run of a workflow on the queue adapter (in the runtime); a queue worker runs it, resuming from its checkpoint if redelivered')
    .argument('<key>', 'the workflow key')
    .option('--workflow-version <version>', 'run this version of the workflow')
    .option('--context <json>', 'the run context given to nodes without a payload, as JSON')
    .option('--json', 'print JSON')
    .action(async (key: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ParsedGlobals & { workflowVersion?: string; context?: string; json?: true }>();
      const context = parseJsonOption('--context', options.context, undefined);
      const args = {
        key, json: options.json === true,
        ...(options.workflowVersion === undefined ? {} : { version: options.workflowVersion }),
        ...(context === undefined ? {} : { context }),
      };
      const globals = globalsOf(options);
      setExitCode(await runLiveCommand({
        mutating: true,
        viaRuntime: async (client) => (await import('./runtimeChanges.js')).workflowEnqueueViaRuntime(client, args, io.stdout),
        inProcess: () => inBridges(globals, io, async (bridges) => {
          const messageId = await bridges.workflows.enqueue(key, { ...(args.version === undefined ? {} : { version: args.version }), ...(context === undefined ? {} : { context }) });
          io.stdout.write(args.json ? `${JSON.stringify({ key, messageId })}\n` : `Enqueued a run of workflow ${key} (message ${messageId})\n`);
          return ExitCode.success;
        }),
      }, globals, io));
    });
}

// The in-process bridges, imported only when a command runs here.
async function inBridges(globals: GlobalOptions, io: CliIo, run: Parameters<typeof import('./withApp.js')['withBridges']>[2]): Promise<ExitCode> {
  const { withBridges } = await import('./withApp.js');
  return withBridges(globals, io, run);
}
