/** bench/resolve: resolution cost against raw Inversify, scaling with candidates and keys. */
import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { Oneiric, type CandidateInput } from '@oneiric/core';
import { Resolver } from '@oneiric/core/internal';
import { formatNs, measure, printRatio } from './measure.js';

const BATCH = 1000;

@injectable()
class PlainSingleton {
  public readonly value = 1;
}

function input(key: string, provider: string, priority: number): CandidateInput {
  return { domain: 'adapter', key, provider, priority, factory: { kind: 'class', target: PlainSingleton } };
}

function resolverWith(candidates: number): Resolver {
  const resolver = new Resolver({ stackOrder: new Map() });
  for (let index = 0; index < candidates; index += 1) {
    resolver.register(input('cache', `p${index}`, index % 97));
  }
  resolver.resolve('adapter', 'cache');
  return resolver;
}

/** Runs the resolve benchmarks and returns whether every target was met. */
export async function runResolveBench(): Promise<boolean> {
  console.log('\n== bench/resolve ==');
  let sink = 0;

  // (a) the active provider's instance through Oneiric vs container.get of a singleton.
  const rawContainer = new Container();
  rawContainer.bind(PlainSingleton).toSelf().inSingletonScope();
  rawContainer.get(PlainSingleton);
  const app = new Oneiric();
  app.register(input('cache', 'plain', 1));
  await app.start();
  app.current('adapter', 'cache');

  const [raw, current, resolve] = await measure([
    { name: 'inversify container.get(singleton)', batchSize: BATCH, fn: () => { for (let i = 0; i < BATCH; i += 1) sink += rawContainer.get(PlainSingleton).value; } },
    { name: 'oneiric current(adapter, cache)', batchSize: BATCH, fn: () => { for (let i = 0; i < BATCH; i += 1) sink += app.current<PlainSingleton>('adapter', 'cache')!.value; } },
    { name: 'oneiric resolve(adapter, cache)', batchSize: BATCH, fn: () => { for (let i = 0; i < BATCH; i += 1) sink += app.resolve('adapter', 'cache')?.priority ?? 0; } },
  ]);
  if (raw === undefined || current === undefined || resolve === undefined) throw new Error('missing result');
  let ok = printRatio('(a) active instance via Oneiric', current, raw, 1.5);
  console.log(`    winner candidate via resolve(): ${formatNs(resolve.medianNs)} (${(resolve.medianNs / raw.medianNs).toFixed(2)}x raw)`);

  // (b) resolve with 1, 100, 10,000 candidates on one key.
  const sizes = [1, 100, 10_000];
  const resolvers = sizes.map((size) => resolverWith(size));
  const scaling = await measure(sizes.map((size, index) => ({
    name: `resolve with ${size} candidates`,
    batchSize: BATCH,
    fn: () => { const resolver = resolvers[index]!; for (let i = 0; i < BATCH; i += 1) sink += resolver.resolve('adapter', 'cache')?.priority ?? 0; },
  })));
  const one = scaling[0]!;
  for (const measurement of scaling.slice(1)) {
    const target = measurement === scaling[scaling.length - 1] ? 1.2 : Number.POSITIVE_INFINITY;
    if (Number.isFinite(target)) {
      ok = printRatio(`(b) ${measurement.name}`, measurement, one, target) && ok;
    } else {
      console.log(`(b) ${measurement.name}: ${formatNs(measurement.medianNs)} (${(measurement.medianNs / one.medianNs).toFixed(2)}x of 1 candidate)`);
    }
  }

  // (c) registering 10,000 candidates on one key vs on 10,000 keys.
  const count = 10_000;
  const [oneKey, manyKeys] = await measure([
    { name: `register ${count} on 1 key`, batchSize: count, fn: () => { const r = new Resolver({ stackOrder: new Map() }); for (let i = 0; i < count; i += 1) r.register(input('cache', `p${i}`, i % 97)); sink += r.resolve('adapter', 'cache')?.priority ?? 0; } },
    { name: `register ${count} on ${count} keys`, batchSize: count, fn: () => { const r = new Resolver({ stackOrder: new Map() }); for (let i = 0; i < count; i += 1) r.register(input(`k${i}`, 'p', i % 97)); sink += r.resolve('adapter', 'k0')?.priority ?? 0; } },
  ], 2000);
  if (oneKey === undefined || manyKeys === undefined) throw new Error('missing result');
  console.log(`    per registration: ${formatNs(oneKey.medianNs)} on one key, ${formatNs(manyKeys.medianNs)} on many keys; ${count} registrations take ${formatNs(oneKey.medianNs * count)}`);
  ok = printRatio('(c) 10,000 registrations on one key', oneKey, manyKeys, 3) && ok;
  if (sink === -1) console.log('unreachable');
  return ok;
}
