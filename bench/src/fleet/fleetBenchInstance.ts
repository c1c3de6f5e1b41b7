/**
 * One runtime instance of bench/fleet: an application with two providers of `adapter:greeter`
 * (`blue`, `green`), run by a runtime whose `fleet` settings come from the file named by
 * `FLEET_BENCH_CONFIG`. The fleet agent inside it swaps the key when the bucket says so.
 */
import { runRuntimeProcess } from '@oneiric/runtime';

const greeter = (colour: string) => ({ kind: 'function' as const, build: () => ({ greet: (): string => `hello in ${colour}` }) });

await runRuntimeProcess({
  config: process.env['FLEET_BENCH_CONFIG'] ?? 'oneiric-fleet.yaml',
  register: (app) => {
    app.register(
      { domain: 'adapter', key: 'greeter', provider: 'blue', priority: 100, factory: greeter('blue') },
      { domain: 'adapter', key: 'greeter', provider: 'green', priority: 50, factory: greeter('green') },
    );
  },
});
