// `oneiric fleet ...`: status, select, pause/resume/drain and rollouts, through a FleetClient.
import type { Domain } from '@oneiric/core';
import type { FleetClient, RolloutOptions, RolloutRecord } from '@oneiric/fleet';
import type { CliIo } from './cliIo.js';
import { CommandError } from './commandError.js';
import { rolloutFollowTimeoutMs } from './rolloutFollowTimeout.js';
import { ExitCode } from './exitCode.js';
import { decisionText, fleetStatusText, rolloutText } from './fleetStatusText.js';

type Out = CliIo['stdout'];

const print = (out: Out, json: boolean, value: unknown, text: string): void => {
  out.write(json ? `${JSON.stringify(value)}\n` : text);
};

/** `fleet status`: every instance and the desired state. */
export async function fleetStatus(client: FleetClient, json: boolean, out: Out): Promise<ExitCode> {
  const status = await client.status();
  print(out, json, status, fleetStatusText(status));
  return ExitCode.success;
}

/** `fleet select DOMAIN KEY PROVIDER`. */
export async function fleetSelect(client: FleetClient, args: { domain: Domain; key: string; provider: string; json: boolean }, out: Out): Promise<ExitCode> {
  const record = await client.select(args.domain, args.key, args.provider);
  print(out, args.json, record, `Fleet selection ${args.domain}:${args.key} -> ${args.provider}; every instance converges to it\n`);
  return ExitCode.success;
}

/** `fleet pause|resume|drain KEY`. */
export async function fleetActivity(client: FleetClient, change: 'pause' | 'resume' | 'drain', args: { domain: Domain; key: string; note?: string; json: boolean }, out: Out): Promise<ExitCode> {
  const record = await client[change](args.domain, args.key, args.note);
  const done = change === 'pause' ? 'paused' : change === 'drain' ? 'draining' : 'resumed';
  print(out, args.json, record, `Fleet: ${args.domain}:${args.key} ${done} on every instance${record.note === null ? '' : ` (${record.note})`}\n`);
  return ExitCode.success;
}

/**
 * `fleet rollout DOMAIN KEY --provider P ...`: starts the rollout, then (unless `detach`)
 * prints each decision until it finishes: exit 0 when promoted, 1 when aborted.
 * @throws CommandError `followTimeout` when it still runs after `timeoutMs` (default: see `rolloutFollowTimeoutMs`)
 */
export async function fleetRollout(client: FleetClient, options: RolloutOptions, flags: { detach: boolean; json: boolean; timeoutMs?: number }, out: Out): Promise<ExitCode> {
  const started = await client.startRollout(options);
  if (flags.detach) {
    print(out, flags.json, started, `Rollout ${started.id} of ${started.domain}:${started.key} started (${started.fromProvider} -> ${started.toProvider}); the instances drive it. Follow with \`oneiric fleet rollout status ${started.domain} ${started.key}\`\n`);
    return ExitCode.success;
  }
  if (!flags.json) {
    out.write(`Rollout ${started.id} of ${started.domain}:${started.key}: ${started.fromProvider} -> ${started.toProvider} (canary ${started.canary}, steps ${started.steps.join(',')}%, bake ${started.bakeMs} ms)\n`);
  }
  const timeoutMs = flags.timeoutMs ?? rolloutFollowTimeoutMs(started);
  const last = await followRollout(client, started, { timeoutMs, json: flags.json }, out);
  if (last.state === 'running') {
    throw new CommandError('followTimeout', `stopped following rollout ${started.id} of ${started.domain}:${started.key} after ${timeoutMs} ms; it goes on (the runtimes drive it): follow it with \`oneiric fleet rollout status ${started.domain} ${started.key}\``, {
      rollout: started.id, domain: started.domain, key: started.key, timeoutMs: String(timeoutMs),
    });
  }
  if (flags.json) {
    out.write(`${JSON.stringify({ rollout: last })}\n`);
  }
  return last.state === 'promoted' ? ExitCode.success : ExitCode.failure;
}

// Prints each new decision until the rollout finishes or `timeoutMs` passes; the last record seen.
async function followRollout(client: FleetClient, started: RolloutRecord, flags: { timeoutMs: number; json: boolean }, out: Out): Promise<RolloutRecord> {
  const signal = AbortSignal.timeout(flags.timeoutMs);
  let printed = 0;
  let last = started;
  for await (const record of client.watchRollout(started.domain, started.key, signal)) {
    if (record.id !== started.id) {
      continue;
    }
    for (const decision of record.decisions.slice(printed)) {
      out.write(flags.json ? `${JSON.stringify({ decision })}\n` : decisionText(decision));
    }
    printed = record.decisions.length;
    last = record;
  }
  return last;
}

/** `fleet rollout status DOMAIN KEY`. */
export async function fleetRolloutStatus(client: FleetClient, args: { domain: Domain; key: string; json: boolean }, out: Out): Promise<ExitCode> {
  const record = await client.rolloutStatus(args.domain, args.key);
  print(out, args.json, record, rolloutText(record));
  return ExitCode.success;
}

/** `fleet rollout promote|abort DOMAIN KEY`: the driver honours it at its next pass. */
export async function fleetRolloutCommand(client: FleetClient, command: 'promote' | 'abort', args: { domain: Domain; key: string; json: boolean }, out: Out): Promise<ExitCode> {
  const record = command === 'promote' ? await client.promote(args.domain, args.key) : await client.abort(args.domain, args.key);
  print(out, args.json, record, `Rollout ${record.id} of ${args.domain}:${args.key}: ${command} requested; the driving instance applies it at its next heartbeat\n`);
  return ExitCode.success;
}
