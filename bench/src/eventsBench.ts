/** bench/events: EventBridge.dispatch of one topic to 1 and 10 filtered handlers vs Node's EventEmitter calling the same functions. */
import 'reflect-metadata';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Oneiric, type CandidateInput } from '@oneiric/core';
import { createDomainBridges, type EventEnvelope } from '@oneiric/domains';

const BATCH = 500;
const ROUNDS = 5;
const ROUND_MS = 250;
const TARGET_RATIO = 0.25;

let sink = 0;

// The handler functions both sides call: a little work on the payload, like a real handler.
function makeHandler(index: number): (payload: { amount: number }) => number {
  return (payload) => {
    sink += payload.amount + index;
    return sink;
  };
}

function handlerInput(index: number, handle: (payload: { amount: number }) => number): CandidateInput {
  return {
    domain: 'event',
    key: `handler-${index}`,
    provider: 'default',
    factory: { kind: 'function', build: () => ({ handle: (envelope: EventEnvelope<{ amount: number }>) => handle(envelope.payload) }) },
    metadata: { topics: ['order.paid'], filters: [{ path: 'payload.currency', anyOf: ['EUR', 'USD'] }], maxConcurrency: 1 },
  };
}

// Events per second: the median of several timed rounds, so one noisy moment does not decide.
// Each batch starts its events back to back and then waits for all of them, as an event source
// with many events in flight does; a synchronous `run` makes the batch wait once.
async function eventsPerSecond(run: () => Promise<unknown> | void): Promise<number> {
  const rates: number[] = [];
  const pending: Array<Promise<unknown> | void> = new Array<Promise<unknown> | void>(BATCH);
  for (let round = 0; round < ROUNDS; round += 1) {
    let events = 0;
    const started = performance.now();
    while (performance.now() - started < ROUND_MS) {
      for (let i = 0; i < BATCH; i += 1) {
        pending[i] = run();
      }
      await Promise.all(pending);
      events += BATCH;
    }
    rates.push(events / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

async function compare(handlerCount: number): Promise<number> {
  const handlers = Array.from({ length: handlerCount }, (_, index) => makeHandler(index));
  const app = new Oneiric();
  app.register(...handlers.map((handle, index) => handlerInput(index, handle)));
  await app.start();
  const bridges = await createDomainBridges(app, { watchActivity: false });
  const emitter = new EventEmitter();
  emitter.setMaxListeners(handlerCount + 1);
  for (const handle of handlers) {
    emitter.on('order.paid', handle);
  }
  const payload = { amount: 3, currency: 'EUR' };
  const check = await bridges.events.dispatch('order.paid', payload);
  if (check.length !== handlerCount || !check.every((result) => result.success)) {
    throw new Error(`bench setup: expected ${handlerCount} successful handlers, got ${JSON.stringify(check)}`);
  }
  // Warm both paths before measuring.
  await eventsPerSecond(() => { emitter.emit('order.paid', payload); });
  await eventsPerSecond(() => bridges.events.dispatch('order.paid', payload));
  const baseline = await eventsPerSecond(() => { emitter.emit('order.paid', payload); });
  const oneiric = await eventsPerSecond(() => bridges.events.dispatch('order.paid', payload));
  // The floor of any promise-returning dispatch that builds an envelope and one result per
  // handler: it shows how much of the gap is the contract itself rather than Oneiric's work.
  let counter = 0;
  const floor = await eventsPerSecond(() => {
    const started = performance.now();
    const envelope = { topic: 'order.paid', payload, headers: { eventId: `id-${(counter += 1)}`, timestamp: '', source: 'bench' } };
    return Promise.resolve(handlers.map((handle, index) => ({ handler: `h${index}`, success: true, value: handle(envelope.payload), attempts: 1, durationMs: performance.now() - started })));
  });
  await bridges.close();
  await app.close();
  const ratio = oneiric / baseline;
  console.log(`${handlerCount} handler${handlerCount === 1 ? ' ' : 's'} (filtered): dispatch ${format(oneiric)} events/s vs EventEmitter ${format(baseline)} events/s -> ratio ${ratio.toFixed(3)}x`
    + ` (minimal async dispatch floor: ${format(floor)} events/s, ${(floor / baseline).toFixed(3)}x)`);
  return ratio;
}

function format(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

/** Runs the events benchmark and returns whether the 1-handler target (>= 0.25x EventEmitter) was met. */
export async function runEventsBench(): Promise<boolean> {
  console.log('\n== bench/events ==');
  console.log('EventBridge.dispatch builds an envelope (UUID, timestamp), filters, limits concurrency, awaits each handler and reports a result per handler; EventEmitter only calls the functions. Batches of ' + BATCH + ' events in flight, then wait for all.');
  const one = await compare(1);
  await compare(10);
  const ok = one >= TARGET_RATIO;
  console.log(`1 handler: ratio ${one.toFixed(3)}x, target >= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'}`);
  if (sink === Number.MIN_VALUE) {
    console.log('unreachable');
  }
  return ok;
}
