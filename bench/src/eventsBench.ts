/** bench/events: EventBridge.dispatch of one topic to 1 and 10 filtered handlers vs Node's EventEmitter calling the same functions. */
import 'reflect-metadata';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Oneiric, type CandidateInput } from '@oneiric/core';
import { createDomainBridges, type EventEnvelope } from '@oneiric/domains';

const BATCH = 500;
const ROUNDS = 7;
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

// Events per second of one timed round. Each batch starts its events back to back and then
// waits for all of them, as an event source with many events in flight does; a synchronous
// `run` makes the batch wait once.
async function roundRate(run: () => Promise<unknown> | void): Promise<number> {
  const pending: Array<Promise<unknown> | void> = new Array<Promise<unknown> | void>(BATCH);
  let events = 0;
  const started = performance.now();
  while (performance.now() - started < ROUND_MS) {
    for (let i = 0; i < BATCH; i += 1) {
      pending[i] = run();
    }
    await Promise.all(pending);
    events += BATCH;
  }
  return events / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Rates of several subjects measured in alternating rounds (the order rotates every round), so a
 * noisy moment on this shared machine hits them alike; returns each subject's median rate and
 * the median over rounds of each subject's rate divided by the first subject's.
 */
async function interleavedRates(subjects: ReadonlyArray<() => Promise<unknown> | void>): Promise<{ rates: number[]; ratios: number[] }> {
  const perRound: number[][] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rates = new Array<number>(subjects.length);
    for (let step = 0; step < subjects.length; step += 1) {
      const index = (round + step) % subjects.length;
      rates[index] = await roundRate(subjects[index]!);
    }
    perRound.push(rates);
  }
  return {
    rates: subjects.map((_, index) => median(perRound.map((rates) => rates[index]!))),
    ratios: subjects.map((_, index) => median(perRound.map((rates) => rates[index]! / rates[0]!))),
  };
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
  // The floor of any promise-returning dispatch that builds an envelope and one result per
  // handler: it shows how much of the gap is the contract itself rather than Oneiric's work.
  let counter = 0;
  const floorDispatch = (): Promise<unknown> => {
    const started = performance.now();
    const envelope = { topic: 'order.paid', payload, headers: { eventId: `id-${(counter += 1)}`, timestamp: '', source: 'bench' } };
    return Promise.resolve(handlers.map((handle, index) => ({ handler: `h${index}`, success: true, value: handle(envelope.payload), attempts: 1, durationMs: performance.now() - started })));
  };
  const subjects = [() => { emitter.emit('order.paid', payload); }, () => bridges.events.dispatch('order.paid', payload), floorDispatch];
  // Warm every path before measuring.
  for (const subject of subjects) {
    await roundRate(subject);
  }
  const { rates: [baseline = Number.NaN, oneiric = Number.NaN, floor = Number.NaN], ratios: [, ratio = Number.NaN, floorRatio = Number.NaN] } = await interleavedRates(subjects);
  await bridges.close();
  await app.close();
  console.log(`${handlerCount} handler${handlerCount === 1 ? ' ' : 's'} (filtered): dispatch ${format(oneiric)} events/s vs EventEmitter ${format(baseline)} events/s -> ratio ${ratio.toFixed(3)}x`
    + ` (minimal async dispatch floor: ${format(floor)} events/s, ${floorRatio.toFixed(3)}x)`);
  return ratio;
}

function format(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

/** Runs the events benchmark and returns whether the 1-handler target (>= 0.25x EventEmitter) was met. */
export async function runEventsBench(): Promise<boolean> {
  console.log('\n== bench/events ==');
  console.log('EventBridge.dispatch builds an envelope (UUID, timestamp), filters, limits concurrency, awaits each handler and reports a result per handler; EventEmitter only calls the functions. Batches of ' + BATCH + ' events in flight, then wait for all; ' + ROUNDS + ' rounds of each, alternating, ratio = median of per-round ratios.');
  const one = await compare(1);
  await compare(10);
  const ok = one >= TARGET_RATIO;
  console.log(`1 handler: ratio ${one.toFixed(3)}x, target >= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'}`);
  if (sink === Number.MIN_VALUE) {
    console.log('unreachable');
  }
  return ok;
}
