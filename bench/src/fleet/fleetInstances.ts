/**
 * The subject of bench/fleet: N runtime processes with the fleet agent, on a bucket of their own.
 * One flip writes the key's selection through `FleetClient.select` (what `oneiric fleet select`
 * does) and waits until every instance has reported (over IPC, with its own timestamp) that its
 * swap to the new provider finished, and until every instance's published record
 * (`instance.<id>`) says so, seen by this process's own watch on the bucket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KvWatchInclude, type KV, type KvEntry, type QueuedIterator } from 'nats';
import type { FleetClient, InstanceRecord } from '@oneiric/fleet';
import type { FleetInstanceReport } from './fleetBenchInstance.js';
import { epochNowMs } from './rawWatchers.js';
import { stopChild } from './stopChild.js';

const INSTANCE = fileURLToPath(new URL('./fleetBenchInstance.js', import.meta.url));
const FLIP_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const KEY = 'adapter:greeter';

/** Resident set size of a process from /proc (Linux), in bytes; undefined elsewhere. */
function rssOf(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((each) => each.startsWith('VmRSS:'));
    return line === undefined ? undefined : Number(line.replace(/\D/g, '')) * 1024;
  } catch {
    return undefined;
  }
}

// /proc/<pid>/stat counts CPU time in clock ticks; 100 per second on Linux (`getconf CLK_TCK`).
const TICKS_PER_SECOND = 100;

/** CPU time (utime + stime) of a process from /proc (Linux), in milliseconds; undefined elsewhere. */
function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The times of one fleet flip, in milliseconds from the start of the desired-state write. */
export interface FleetFlipTimes {
  /** Until the last instance's swap finished (timestamps taken in the instances, like the raw watchers' arrivals). */
  readonly swappedMs: number;
  /** Until this process saw the last instance's record naming the new provider. */
  readonly recordsMs: number;
  /** How long each instance's swap itself took (inside the runtime), one value per instance. */
  readonly swapDurationsMs: readonly number[];
}

/** N runtime processes steered by one fleet bucket. */
export class FleetInstances {
  readonly #fleet: FleetClient;
  readonly #children: ChildProcess[] = [];
  readonly #providerById = new Map<string, string | null>();
  /** The last finished swap each instance reported, by child index. */
  readonly #lastSwapByChild = new Map<number, { readonly provider: string; readonly atEpochMs: number; readonly durationMs: number }>();
  #watch: QueuedIterator<KvEntry> | undefined;
  #onChange: () => void = () => undefined;

  private constructor(fleet: FleetClient) {
    this.#fleet = fleet;
  }

  /** Starts `count` instances in `dir` (a directory each) on `bucket`, and waits until each has published its record. */
  public static async start(options: { fleet: FleetClient; kv: KV; url: string; bucket: string; dir: string; count: number }): Promise<FleetInstances> {
    const instances = new FleetInstances(options.fleet);
    await instances.#watchRecords(options.kv);
    for (let index = 0; index < options.count; index += 1) {
      const id = `bench-${index}`;
      const dir = path.join(options.dir, id);
      // An empty settings directory: the selection watcher watches it instead of polling for it.
      mkdirSync(path.join(dir, 'settings'), { recursive: true });
      const config = path.join(dir, 'oneiric-fleet.yaml');
      const settings = { app: { name: 'bench-fleet' }, logging: { level: 'error' }, fleet: { enabled: true, url: options.url, bucket: options.bucket, instance_id: id } };
      // JSON is YAML: no YAML writer needed.
      writeFileSync(config, `${JSON.stringify(settings)}\n`);
      const child = spawn(process.execPath, [INSTANCE], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', FLEET_BENCH_CONFIG: config }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      child.on('message', (report: FleetInstanceReport) => {
        instances.#lastSwapByChild.set(index, { provider: report.provider, atEpochMs: report.atEpochMs, durationMs: report.durationMs });
        instances.#onChange();
      });
      instances.#children.push(child);
    }
    await instances.#waitFor(() => instances.#providerById.size === options.count && [...instances.#providerById.values()].every((provider) => provider !== null), START_TIMEOUT_MS, `${options.count} instances publishing their records`);
    return instances;
  }

  async #watchRecords(kv: KV): Promise<void> {
    this.#watch = await kv.watch({ key: 'instance.>', include: KvWatchInclude.UpdatesOnly });
    void (async () => {
      for await (const entry of this.#watch ?? []) {
        if (entry.operation !== 'PUT') continue;
        const record = entry.json<InstanceRecord>();
        this.#providerById.set(record.id, record.keys[KEY]?.provider ?? null);
        this.#onChange();
      }
    })();
  }

  /** Resolves with the time (epoch ms) of the record that made `condition` true. */
  #waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutMs} ms`)), timeoutMs);
      this.#onChange = () => {
        if (condition()) {
          clearTimeout(timer);
          this.#onChange = () => undefined;
          resolve(epochNowMs());
        }
      };
      this.#onChange();
    });
  }

  /** Selects `provider` for the key and measures until every instance swapped, and until every record showed it. */
  public async flip(provider: string): Promise<FleetFlipTimes> {
    const startedAtMs = epochNowMs();
    const swapped = (): boolean => this.#children.every((_child, index) => this.#lastSwapByChild.get(index)?.provider === provider);
    const recorded = (): boolean => [...this.#providerById.values()].every((seen) => seen === provider);
    let recordsAtMs = Number.NaN;
    const converged = this.#waitFor(() => {
      if (Number.isNaN(recordsAtMs) && recorded()) recordsAtMs = epochNowMs();
      return swapped() && !Number.isNaN(recordsAtMs);
    }, FLIP_TIMEOUT_MS, `every instance running ${provider}`);
    await this.#fleet.select('adapter', 'greeter', provider);
    await converged;
    const swaps = [...this.#lastSwapByChild.values()];
    const lastSwapAtMs = Math.max(...swaps.map((swap) => swap.atEpochMs));
    return { swappedMs: lastSwapAtMs - startedAtMs, recordsMs: recordsAtMs - startedAtMs, swapDurationsMs: swaps.map((swap) => swap.durationMs) };
  }

  /** CPU time (user + system) each instance process has used so far, in milliseconds (empty where /proc is not available). */
  public cpuMs(): number[] {
    return this.#children.map((child) => cpuMsOf(child.pid ?? 0)).filter((cpu): cpu is number => cpu !== undefined);
  }

  /** Resident set size of each instance process, in bytes (empty where /proc is not available). */
  public rssBytes(): number[] {
    return this.#children.map((child) => rssOf(child.pid ?? 0)).filter((rss): rss is number => rss !== undefined);
  }

  /** SIGTERM to every instance by pid (SIGKILL past 15 s), and the end of the record watch. */
  public async stop(): Promise<void> {
    this.#watch?.stop();
    await Promise.all(this.#children.map(async (child) => stopChild(child, (each) => each.kill('SIGTERM'), STOP_TIMEOUT_MS)));
  }
}
