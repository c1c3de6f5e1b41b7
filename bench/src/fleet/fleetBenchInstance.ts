/**
 * One runtime instance of bench/fleet: an application with two providers of `adapter:greeter`
 * (`blue`, `green`), run by a runtime whose `fleet` settings come from the file named by
 * `FLEET_BENCH_CONFIG`. The fleet agent inside it swaps the key when the bucket says so.
 *
 * When started with an IPC channel, it tells the parent the moment each swap finished (the new
 * provider is live and the old one retired), with a wall-clock timestamp taken here: the same way
 * the raw watchers report the moment a value arrived, so the two are measured alike.
 */
import { performance } from 'node:perf_hooks';
import { runRuntimeProcess } from '@oneiric/runtime';

/** A message an instance sends to the parent process. */
export interface FleetInstanceReport {
  readonly type: 'swapped';
  /** The provider now live. */
  readonly provider: string;
  /** When the swap finished, in epoch milliseconds with sub-millisecond resolution. */
  readonly atEpochMs: number;
  /** How long the swap itself took (activation to retirement of the old instance), in milliseconds. */
  readonly durationMs: number;
}

const greeter = (colour: string) => ({ kind: 'function' as const, build: () => ({ greet: (): string => `hello in ${colour}` }) });

await runRuntimeProcess({
  config: process.env['FLEET_BENCH_CONFIG'] ?? 'oneiric-fleet.yaml',
  register: (app) => {
    app.register(
      { domain: 'adapter', key: 'greeter', provider: 'blue', priority: 100, factory: greeter('blue') },
      { domain: 'adapter', key: 'greeter', provider: 'green', priority: 50, factory: greeter('green') },
    );
    app.on('swapped', (result) => {
      const report: FleetInstanceReport = { type: 'swapped', provider: result.provider, durationMs: result.durationMs, atEpochMs: performance.timeOrigin + performance.now() };
      process.send?.(report);
    });
  },
});
