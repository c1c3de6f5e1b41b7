/**
 * The baseline subject of bench/fleet: N raw KV watcher processes (`rawKvWatcher.js`). One flip
 * puts a new value and waits until every watcher has it; it measures the one-way delivery (put
 * start to the last watcher's arrival, timestamps taken in the watchers) and the round trip
 * (put start to the last watcher's `ack.<id>` put seen by this process's own watch).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { KvWatchInclude, type KV, type KvEntry, type QueuedIterator } from 'nats';
import type { RawWatcherReport } from './rawKvWatcher.js';
import { stopChild } from './stopChild.js';

const WATCHER = fileURLToPath(new URL('./rawKvWatcher.js', import.meta.url));
const FLIP_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 30_000;

/** The times of one raw flip, in milliseconds. */
export interface RawFlipTimes {
  /** Put start until the last watcher received the value. */
  readonly oneWayMs: number;
  /** Put start until this process saw the last watcher's acknowledgement. */
  readonly roundTripMs: number;
}

/** Milliseconds since the epoch with sub-millisecond resolution (comparable with the watchers'). */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Waits for `condition` to hold, checked on every `poke`, or fails after `timeoutMs` naming `what`. */
function waitFor(condition: () => boolean, timeoutMs: number, what: string): { done: Promise<void>; poke: () => void } {
  let poke = (): void => undefined;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutMs} ms`)), timeoutMs);
    poke = () => {
      if (condition()) {
        clearTimeout(timer);
        resolve();
      }
    };
  });
  poke();
  return { done, poke };
}

/** N raw watcher processes on one bucket key, and this process's watch on their acknowledgements. */
export class RawWatchers {
  readonly #kv: KV;
  readonly #key: string;
  readonly #children: ChildProcess[] = [];
  readonly #arrivals = new Map<string, number[]>();
  readonly #acks = new Map<string, { count: number; lastAtMs: number }>();
  #acksWatch: QueuedIterator<KvEntry> | undefined;
  #onChange: () => void = () => undefined;

  private constructor(kv: KV, key: string) {
    this.#kv = kv;
    this.#key = key;
  }

  /** Starts `count` watcher processes on `key` of the bucket `kv` is bound to, and waits until each watches. */
  public static async start(options: { kv: KV; url: string; bucket: string; key: string; count: number }): Promise<RawWatchers> {
    const watchers = new RawWatchers(options.kv, options.key);
    await watchers.#watchAcks();
    let ready = 0;
    const allReady = waitFor(() => ready === options.count, START_TIMEOUT_MS, `${options.count} raw watchers getting ready`);
    for (let index = 0; index < options.count; index += 1) {
      const child = fork(WATCHER, [options.url, options.bucket, `w${index}`, options.key], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      watchers.#children.push(child);
      child.on('message', (message: RawWatcherReport) => {
        if (message.type === 'ready') {
          ready += 1;
          allReady.poke();
        } else if (message.type === 'delivered') {
          watchers.#arrivals.set(message.value, [...(watchers.#arrivals.get(message.value) ?? []), message.atEpochMs]);
          watchers.#onChange();
        }
      });
    }
    await allReady.done;
    return watchers;
  }

  async #watchAcks(): Promise<void> {
    this.#acksWatch = await this.#kv.watch({ key: 'ack.>', include: KvWatchInclude.UpdatesOnly });
    void (async () => {
      for await (const entry of this.#acksWatch ?? []) {
        const value = entry.string();
        const seen = this.#acks.get(value) ?? { count: 0, lastAtMs: 0 };
        this.#acks.set(value, { count: seen.count + 1, lastAtMs: epochNowMs() });
        this.#onChange();
      }
    })();
  }

  /** Puts `value` and waits until every watcher received and acknowledged it. */
  public async flip(value: string): Promise<RawFlipTimes> {
    const count = this.#children.length;
    const delivered = waitFor(
      () => (this.#arrivals.get(value)?.length ?? 0) === count && this.#acks.get(value)?.count === count,
      FLIP_TIMEOUT_MS,
      `raw delivery of ${value} to ${count} watchers`,
    );
    this.#onChange = delivered.poke;
    const startedAtMs = epochNowMs();
    await this.#kv.put(this.#key, value);
    await delivered.done;
    const oneWayMs = Math.max(...(this.#arrivals.get(value) ?? [])) - startedAtMs;
    const roundTripMs = (this.#acks.get(value)?.lastAtMs ?? Number.NaN) - startedAtMs;
    this.#arrivals.delete(value);
    this.#acks.delete(value);
    return { oneWayMs, roundTripMs };
  }

  /** Resident set size of each watcher process, in bytes. */
  public async rssBytes(): Promise<number[]> {
    return Promise.all(this.#children.map((child) => new Promise<number>((resolve) => {
      const onMessage = (message: RawWatcherReport): void => {
        if (message.type === 'memory') {
          child.off('message', onMessage);
          resolve(message.rssBytes);
        }
      };
      child.on('message', onMessage);
      child.send('memory');
    })));
  }

  /** Ends every watcher process (by disconnecting it; SIGKILL by pid if it lingers) and the acknowledgement watch. */
  public async stop(): Promise<void> {
    this.#acksWatch?.stop();
    await Promise.all(this.#children.map(async (child) => stopChild(child, (each) => each.disconnect(), 5_000)));
  }
}
