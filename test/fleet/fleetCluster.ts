// Test harness: N real runtime processes of one application (test/fleet/fixtures/fleetApp.mjs),
// each in its own directory (own cache directory, control socket, PID record), all steered by
// one fleet bucket of their own on the local NATS. The bucket is deleted and the processes are
// stopped (by pid) when the cluster stops.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { connect, type KV, type NatsConnection } from 'nats';
import { FleetClient } from '@oneiric/fleet';
import { ControlClient, type KeyStatusEntry, type StatusAnswer } from '@oneiric/runtime/client';
import { exitCodeWithin, killIfRunning, waitForRuntime, type FixtureProcess } from '../runtime/runtimeProcessHarness.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/fleetApp.mjs', import.meta.url));
const NATS_TIMEOUT_MS = 5_000;

/** Fleet settings the instances run with (the `fleet` section; snake_case as in the YAML). */
export interface FleetClusterSettings {
  readonly heartbeat_ms: number;
  readonly gone_after_ms: number;
  readonly [name: string]: unknown;
}

/** One member of the cluster. */
export interface FleetMember {
  /** Its `fleet.instance_id`. */
  readonly id: string;
  /** Its directory (working directory, parent of its cache directory). */
  readonly dir: string;
  /** The running process, once started. */
  process: FixtureProcess | undefined;
  /** Its control channel, once it answers. */
  control: ControlClient | undefined;
}

/** Waits until `condition` resolves true, polling; fails naming `what` (and the last state) after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string, describeState: () => Promise<string> | string = () => ''): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) {
      return Date.now() - started;
    }
    await sleep(50);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms ${await describeState()}`);
}

/** N runtime processes sharing a fleet bucket; `stop()` ends them and deletes the bucket. */
export class FleetCluster {
  /** The bucket the members share (unique per cluster). */
  public readonly bucket = `oneiric_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  /** The members, in start order. */
  public readonly members: FleetMember[] = [];
  readonly #root = mkdtempSync(path.join(tmpdir(), 'oneiric-fleet-'));
  /** The NATS server the members and clients use. */
  public readonly natsUrl: string;
  readonly #settings: FleetClusterSettings;
  readonly #extraSections: (member: FleetMember) => Readonly<Record<string, unknown>>;
  #connection: NatsConnection | undefined;
  #kv: KV | undefined;

  /**
   * @param natsUrl - the NATS server
   * @param size - how many members
   * @param settings - the members' `fleet` settings (besides url, bucket, instance id)
   * @param extraSections - more settings sections of one member (e.g. `remote`)
   */
  public constructor(natsUrl: string, size: number, settings: FleetClusterSettings, extraSections: (member: FleetMember) => Readonly<Record<string, unknown>> = () => ({})) {
    this.natsUrl = natsUrl;
    this.#settings = settings;
    this.#extraSections = extraSections;
    for (let index = 0; index < size; index += 1) {
      const id = `member-${index}`;
      const dir = path.join(this.#root, id);
      // An empty settings directory: the selection watcher watches it instead of polling for it.
      mkdirSync(path.join(dir, 'settings'), { recursive: true });
      this.members.push({ id, dir, process: undefined, control: undefined });
    }
  }

  /** Starts every member (in parallel) and waits until each control channel answers. */
  public async start(): Promise<void> {
    await Promise.all(this.members.map(async (member) => this.startMember(member)));
  }

  /** Starts one member (again, after it was killed: same id, same cache directory). */
  public async startMember(member: FleetMember): Promise<void> {
    const config = path.join(member.dir, 'oneiric-fleet.yaml');
    const settings = {
      app: { name: 'fleet-test' },
      logging: { level: 'error' },
      fleet: { enabled: true, url: this.natsUrl, bucket: this.bucket, instance_id: member.id, ...this.#settings },
      ...this.#extraSections(member),
    };
    // JSON is YAML: the settings file is written as JSON so nothing needs a YAML writer.
    writeFileSync(config, `${JSON.stringify(settings, null, 2)}\n`);
    // Only PATH and what the test sets: the developer's ONEIRIC_* variables must not leak in.
    const child = spawn(process.execPath, [FIXTURE], { cwd: member.dir, env: { PATH: process.env['PATH'] ?? '', FLEET_CONFIG: config }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    member.process = { child, stderr: () => stderr, exited };
    const record = await waitForRuntime(member.dir, member.process, 45_000);
    member.control = new ControlClient({ socketPath: record.socket, timeoutMs: 10_000 });
  }

  /** The member's live state of `adapter:greeter`, from its own control channel (not from the bucket). */
  public async greeterOf(member: FleetMember): Promise<KeyStatusEntry | undefined> {
    if (member.control === undefined) return undefined;
    const answer = await member.control.request<StatusAnswer>('GET', '/v1/status?domain=adapter&key=greeter');
    return answer.keys[0];
  }

  /** Provider of the live `adapter:greeter` per running member id, asked of each process. */
  public async providers(members: readonly FleetMember[] = this.running()): Promise<Record<string, string | null>> {
    const entries = await Promise.all(members.map(async (member) => [member.id, (await this.greeterOf(member))?.currentProvider ?? null] as const));
    return Object.fromEntries(entries);
  }

  /** Members whose process runs. */
  public running(): FleetMember[] {
    return this.members.filter((member) => member.process !== undefined && member.process.child.exitCode === null && member.process.child.signalCode === null);
  }

  /** SIGKILLs one member by its pid and waits until it is gone. */
  public async kill(member: FleetMember): Promise<void> {
    await killIfRunning(member.process);
    member.control = undefined;
  }

  /** An operator's fleet client on the cluster's bucket (close it after). */
  public async client(): Promise<FleetClient> {
    return FleetClient.connect({ url: this.natsUrl, bucket: this.bucket, goneAfterMs: this.#settings.gone_after_ms, timeoutMs: NATS_TIMEOUT_MS });
  }

  /** A raw KV handle on the bucket, for reading records as stored. */
  public async kv(): Promise<KV> {
    if (this.#kv === undefined) {
      this.#connection = await connect({ servers: this.natsUrl, timeout: NATS_TIMEOUT_MS, name: 'fleet-cluster-test' });
      this.#kv = await this.#connection.jetstream({ timeout: NATS_TIMEOUT_MS }).views.kv(this.bucket);
    }
    return this.#kv;
  }

  /** A record of the bucket decoded as JSON, or undefined when the key holds nothing. */
  public async record<T>(key: string): Promise<T | undefined> {
    const entry = await (await this.kv()).get(key);
    return entry === null || entry.operation !== 'PUT' ? undefined : entry.json<T>();
  }

  /** Each member's stderr (for failure messages). */
  public stderr(): string {
    return this.members.map((member) => `--- ${member.id}:\n${member.process?.stderr() ?? '(not started)'}`).join('\n');
  }

  /** SIGTERM to every running member (SIGKILL past 20 s), then deletes the bucket and the directories. */
  public async stop(): Promise<void> {
    await Promise.all(this.running().map(async (member) => {
      member.process?.child.kill('SIGTERM');
      await exitCodeWithin(member.process as FixtureProcess, 20_000).catch(() => undefined);
    }));
    try {
      await (await this.kv()).destroy();
    } finally {
      await this.#connection?.close();
      rmSync(this.#root, { recursive: true, force: true });
    }
  }
}
