// Declares `oneiric fleet ...`: the fleet's desired state in its NATS JetStream bucket, and staged rollouts.
import type { Command } from 'commander';
import type { Domain } from '@oneiric/core';
import type { FleetClient } from '@oneiric/fleet';
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import { globalsOf, type ParsedGlobals } from './globalOptions.js';
import { parseDomain } from './parseDomain.js';
import { UsageError } from './usageError.js';

const DOMAIN_HELP = 'domain of the key: adapter, service, task, event, workflow, action';

type Options = ParsedGlobals & { json?: true; domain?: string; note?: string };

// Connects with the settings of --config (as `oneiric start` reads them), runs, always closes.
async function withFleet(options: Options, io: CliIo, run: (client: FleetClient, runner: typeof import('./runFleet.js')) => Promise<ExitCode>): Promise<ExitCode> {
  const [{ fleetClientOf }, runner] = await Promise.all([import('./fleetClientOf.js'), import('./runFleet.js')]);
  const client = await fleetClientOf(globalsOf(options), io);
  try {
    return await run(client, runner);
  } finally {
    await client.close();
  }
}

/** Registers `fleet status|select|pause|resume|drain|rollout`. */
export function registerFleetCommands(program: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  const fleet = program.command('fleet').description('steer every instance of the application through its NATS JetStream bucket (fleet.* settings)');
  fleet.command('status').description('every instance: providers per key, health, paused/draining, manifest serial, heartbeat age, lag; and the desired state')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<Options>();
      setExitCode(await withFleet(options, io, (client, run) => run.fleetStatus(client, options.json === true, io.stdout)));
    });
  fleet.command('select').description('make PROVIDER the provider of DOMAIN KEY on every instance (refused while a rollout of the key runs)')
    .argument('<domain>', DOMAIN_HELP).argument('<key>', 'the key').argument('<provider>', 'the provider')
    .option('--json', 'print JSON')
    .action(async (domain: string, key: string, provider: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<Options>();
      setExitCode(await withFleet(options, io, (client, run) => run.fleetSelect(client, { domain: parseDomain(domain), key, provider, json: options.json === true }, io.stdout)));
    });
  for (const change of ['pause', 'resume', 'drain'] as const) {
    fleet.command(change).description(`${change} KEY on every instance`)
      .argument('<key>', 'the key').option('--domain <domain>', DOMAIN_HELP, 'adapter').option('--note <text>', 'why').option('--json', 'print JSON')
      .action(async (key: string, _options: unknown, command: Command) => {
        const options = command.optsWithGlobals<Options>();
        const args = { domain: parseDomain(options.domain), key, json: options.json === true, ...(options.note === undefined ? {} : { note: options.note }) };
        setExitCode(await withFleet(options, io, (client, run) => run.fleetActivity(client, change, args, io.stdout)));
      });
  }
  registerRolloutCommands(fleet, io, setExitCode);
}

function registerRolloutCommands(fleet: Command, io: CliIo, setExitCode: (code: ExitCode) => void): void {
  const rollout = fleet.command('rollout').description('staged rollout of DOMAIN KEY to --provider; or `rollout status|promote|abort DOMAIN KEY`')
    .argument('[domain]', DOMAIN_HELP).argument('[key]', 'the key')
    .option('--provider <name>', 'provider to roll out')
    .option('--from <name>', 'provider instances run now (default: the fleet selection, else what most live instances run)')
    .option('--canary <n>', 'canary instances (default 1)')
    .option('--steps <list>', 'percent steps after the canary, ending at 100 (default 25,50,100)')
    .option('--bake <duration>', 'watch each stage this long: 500ms, 30s, 2m (default 30s)')
    .option('--max-error-ratio <ratio>', 'abort above this failures/calls ratio among moved instances (default 0.01)')
    .option('--on-gone <policy>', 'a moved instance gone: continue or abort (default continue)')
    .option('--converge-timeout <duration>', 'abort when moved instances have not converged within it (default 60s)')
    .option('--detach', 'start it and return; the instances drive it')
    .option('--timeout <duration>', 'stop following after it (exit 1; the rollout goes on). Default: (steps + 1) x (bake + converge timeout) + 60s')
    .option('--json', 'print JSON')
    .action(async (domain: string | undefined, key: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<Options & RolloutFlags>();
      if (domain === undefined || key === undefined || options.provider === undefined) {
        throw new UsageError('missingArgument', 'fleet rollout needs DOMAIN KEY and --provider (or: fleet rollout status|promote|abort DOMAIN KEY)');
      }
      const { rolloutOptions, timeoutMs } = await rolloutOptionsOf(parseDomain(domain), key, options);
      const flags = { detach: options.detach === true, json: options.json === true, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
      setExitCode(await withFleet(options, io, (client, run) => run.fleetRollout(client, rolloutOptions, flags, io.stdout)));
    });
  for (const action of ['status', 'promote', 'abort'] as const) {
    rollout.command(action).description(action === 'status' ? 'the rollout of DOMAIN KEY and every decision with its reason' : `${action} the running rollout of DOMAIN KEY`)
      .argument('<domain>', DOMAIN_HELP).argument('<key>', 'the key').option('--json', 'print JSON')
      .action(async (domain: string, key: string, _options: unknown, command: Command) => {
        const options = command.optsWithGlobals<Options>();
        const args = { domain: parseDomain(domain), key, json: options.json === true };
        setExitCode(await withFleet(options, io, (client, run) => (action === 'status' ? run.fleetRolloutStatus(client, args, io.stdout) : run.fleetRolloutCommand(client, action, args, io.stdout))));
      });
  }
}

interface RolloutFlags {
  provider?: string; from?: string; canary?: string; steps?: string; bake?: string; maxErrorRatio?: string; onGone?: string; convergeTimeout?: string; timeout?: string; detach?: true;
}

async function rolloutOptionsOf(domain: Domain, key: string, flags: RolloutFlags): Promise<{ rolloutOptions: import('@oneiric/fleet').RolloutOptions; timeoutMs: number | undefined }> {
  const { parseDuration } = await import('@oneiric/remote');
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) {
      return undefined;
    }
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new UsageError('invalidArgument', `${name} ${JSON.stringify(text)} is not a number`);
    }
    return value;
  };
  const duration = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) {
      return undefined;
    }
    const value = parseDuration(text) ?? (/^\d+$/.test(text.trim()) ? Number(text) : undefined);
    if (value === undefined) {
      throw new UsageError('invalidArgument', `${name} ${JSON.stringify(text)} is not a duration (500ms, 30s, 2m)`);
    }
    return value;
  };
  if (flags.onGone !== undefined && flags.onGone !== 'continue' && flags.onGone !== 'abort') {
    throw new UsageError('invalidArgument', `--on-gone ${JSON.stringify(flags.onGone)} must be continue or abort`);
  }
  const values = {
    canary: number('--canary', flags.canary), steps: flags.steps?.split(',').map((step) => number('--steps', step) ?? Number.NaN),
    bakeMs: duration('--bake', flags.bake), maxErrorRatio: number('--max-error-ratio', flags.maxErrorRatio),
    convergeTimeoutMs: duration('--converge-timeout', flags.convergeTimeout), onInstanceGone: flags.onGone, fromProvider: flags.from,
  };
  const timeoutMs = duration('--timeout', flags.timeout);
  if (timeoutMs !== undefined && timeoutMs <= 0) {
    throw new UsageError('invalidArgument', `--timeout ${JSON.stringify(flags.timeout)} must be above zero`);
  }
  const rolloutOptions = {
    domain, key, toProvider: flags.provider ?? '',
    ...Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)),
  };
  return { rolloutOptions, timeoutMs };
}
