/**
 * One raw NATS KV watcher in its own process, the baseline of bench/fleet: what a runtime
 * instance would get from NATS if delivery were all it did. It watches one key and, for each
 * update, tells the parent (over IPC) when it arrived, then answers with a put of its own
 * `ack.<id>` key so the parent can also time the round trip the fleet's instance records take.
 * Arguments: NATS URL, bucket, watcher id, watched key.
 */
import { performance } from 'node:perf_hooks';
import { connect, KvWatchInclude } from 'nats';

/** A message this watcher sends to the parent process. */
export type RawWatcherReport =
  | { readonly type: 'ready' }
  | { readonly type: 'delivered'; readonly value: string; readonly atEpochMs: number }
  | { readonly type: 'memory'; readonly rssBytes: number };

const [url = '', bucket = '', watcherId = '', watchedKey = ''] = process.argv.slice(2);
const TIMEOUT_MS = 5_000;

function report(message: RawWatcherReport): void {
  process.send?.(message);
}

const connection = await connect({ servers: url, timeout: TIMEOUT_MS, name: `bench-fleet-raw-${watcherId}` });
const kv = await connection.jetstream({ timeout: TIMEOUT_MS }).views.kv(bucket);
const updates = await kv.watch({ key: watchedKey, include: KvWatchInclude.UpdatesOnly });
// The parent asks for memory after the flips and disconnects this process to end it.
process.on('message', (message: unknown) => {
  if (message === 'memory') {
    report({ type: 'memory', rssBytes: process.memoryUsage().rss });
  }
});
process.on('disconnect', () => {
  updates.stop();
  void connection.close().finally(() => process.exit(0));
});
report({ type: 'ready' });
for await (const entry of updates) {
  // A wall-clock time with sub-millisecond resolution, comparable across processes on one machine.
  const atEpochMs = performance.timeOrigin + performance.now();
  const value = entry.string();
  report({ type: 'delivered', value, atEpochMs });
  await kv.put(`ack.${watcherId}`, value);
}
