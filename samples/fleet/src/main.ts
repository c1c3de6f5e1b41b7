/**
 * `npm run sample:fleet`: starts three runtime instances of one application against the local
 * NATS (each with its own cache directory, all sharing one fleet bucket), then runs two staged
 * rollouts and prints every decision: one to a healthy `v2` that promotes step by step, and one
 * to `v3`, whose health check fails on the canary, so the rollout aborts and the canary goes back
 * to `v2`. It stops its instances (SIGTERM, by pid) and deletes its bucket before it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { FleetClient, type RolloutOptions, type RolloutRecord } from '@oneiric/fleet';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const INSTANCE_IDS = ['instance-a', 'instance-b', 'instance-c'];
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const ROLLOUT_TIMEOUT_MS = 90_000;
const INSTANCE_SCRIPT = fileURLToPath(new URL('./instance.js', import.meta.url));

/** A started instance: its id and process. */
interface Instance {
  readonly id: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

function startInstance(root: string, bucket: string, id: string): Instance {
  const dir = path.join(root, id);
  // An empty settings directory: the selection watcher watches it instead of polling for it.
  mkdirSync(path.join(dir, 'settings'), { recursive: true });
  const config = path.join(dir, 'oneiric-fleet.yaml');
  const settings = {
    app: { name: 'fleet-sample' },
    logging: { level: 'warn' },
    fleet: { enabled: true, url: NATS_URL, bucket, instance_id: id, heartbeat_ms: 500, gone_after_ms: 3_000 },
  };
  // JSON is YAML: no YAML writer needed.
  writeFileSync(config, `${JSON.stringify(settings, null, 2)}\n`);
  const log = openSync(path.join(dir, 'instance.log'), 'a');
  const child = spawn(process.execPath, [INSTANCE_SCRIPT], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', FLEET_SAMPLE_CONFIG: config }, stdio: ['ignore', log, log] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { id, child, exited };
}

/** `instance-a=v1 instance-b=v2 ...`, from the records the instances publish. */
async function providersLine(fleet: FleetClient): Promise<string> {
  const status = await fleet.status();
  return status.instances.map((instance) => `${instance.id}=${instance.keys['adapter:greeter']?.provider ?? '?'}`).join(' ');
}

async function waitForInstances(fleet: FleetClient, instances: readonly Instance[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const status = await fleet.status();
    const live = status.instances.filter((instance) => !instance.gone && instance.connected && instance.keys['adapter:greeter']?.provider !== undefined);
    if (live.length === instances.length) return;
    const exited = instances.find((instance) => instance.child.exitCode !== null);
    if (exited !== undefined || Date.now() > deadline) {
      throw new Error(`the instances did not all start (${live.length} of ${instances.length} live); see their instance.log`);
    }
    await sleep(200);
  }
}

async function waitUntilAllRun(fleet: FleetClient, provider: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await fleet.status()).instances.every((instance) => instance.keys['adapter:greeter']?.provider === provider)) {
    if (Date.now() > deadline) throw new Error(`not every instance runs ${provider}: ${await providersLine(fleet)}`);
    await sleep(200);
  }
}

/** Starts a rollout and prints each decision as the instances driving it record it. */
async function rollout(fleet: FleetClient, options: RolloutOptions): Promise<RolloutRecord> {
  const started = await fleet.startRollout(options);
  console.log(`\nRollout of adapter:greeter ${started.fromProvider} -> ${started.toProvider}: canary ${started.canary}, steps ${started.steps.join(',')}%, bake ${started.bakeMs} ms`);
  let printed = 0;
  let last = started;
  for await (const record of fleet.watchRollout('adapter', 'greeter', AbortSignal.timeout(ROLLOUT_TIMEOUT_MS))) {
    if (record.id !== started.id) continue;
    last = record;
    for (const decision of record.decisions.slice(printed)) {
      console.log(`  ${decision.action.padEnd(8)} ${decision.reason}`);
    }
    if (record.decisions.length > printed) console.log(`           moved: [${record.moved.join(', ')}]; instances report: ${await providersLine(fleet)}`);
    printed = record.decisions.length;
  }
  console.log(`Rollout ${last.state}.`);
  return last;
}

async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map(async (instance) => {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
    instance.child.kill('SIGTERM');
    const timer = setTimeout(() => instance.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await instance.exited;
    clearTimeout(timer);
  }));
}

const bucket = `oneiric_fleet_sample_${randomUUID().slice(0, 8)}`;
const root = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-sample-'));
let fleet: FleetClient | undefined;
const instances: Instance[] = [];
try {
  fleet = await FleetClient.connect({ url: NATS_URL, bucket, timeoutMs: 5_000 });
  instances.push(...INSTANCE_IDS.map((id) => startInstance(root, bucket, id)));
  await waitForInstances(fleet, instances);
  console.log(`Three runtime instances steered through the NATS bucket ${bucket}: ${await providersLine(fleet)}`);

  const healthy = await rollout(fleet, { domain: 'adapter', key: 'greeter', toProvider: 'v2', canary: 1, steps: [50, 100], bakeMs: 2_000, maxErrorRatio: 0.01 });
  await waitUntilAllRun(fleet, healthy.state === 'promoted' ? 'v2' : 'v1');
  console.log(`Every instance runs: ${await providersLine(fleet)}`);

  const failing = await rollout(fleet, { domain: 'adapter', key: 'greeter', toProvider: 'v3', canary: 1, steps: [100], bakeMs: 3_000, maxErrorRatio: 0.01 });
  await waitUntilAllRun(fleet, failing.fromProvider);
  console.log(`Rolled back: every instance runs ${failing.fromProvider} again: ${await providersLine(fleet)}`);
} catch (error) {
  const kind = (error as { kind?: string }).kind;
  console.error(`The fleet sample failed${kind === undefined ? '' : ` (${kind})`}: ${(error as Error).message}`);
  if (kind === 'connectionFailed' || kind === 'timeout') console.error(`It needs NATS with JetStream at ${NATS_URL} (set NATS_URL to use another).`);
  process.exitCode = 1;
} finally {
  await stopInstances(instances);
  await fleet?.destroyBucket().catch(() => undefined);
  await fleet?.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
}
