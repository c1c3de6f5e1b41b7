/** bench/adapters (queues): publish throughput with confirms through the RabbitMQ and MQTT queue adapters vs raw amqplib and mqtt.js, in one run. */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connect as connectAmqp } from 'amqplib';
import { connectAsync as connectMqtt } from 'mqtt';
import { InjectAdapter, Oneiric, Service } from '@oneiric/core';
import { percentile } from '@oneiric/core/internal';
import { MqttQueue, MqttQueueSettings, RabbitMqQueue, RabbitMqQueueSettings, redactUrl, type Queue } from '@oneiric/adapters';

const TARGET_RATIO = 0.9;
const ROUNDS = Number(process.env['BENCH_QUEUES_ROUNDS'] ?? 18);
const MESSAGES_PER_ROUND = 2_000;
// Publishes in flight at once: throughput, not the latency of one confirm, is what is measured.
const CONCURRENCY = 32;
const RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const MQTT_URL = process.env['MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';
const PAYLOAD = Buffer.from(JSON.stringify({ sku: 'lamp', units: 3, tags: ['a', 'b'] }));

/** A publisher as an application writes it: the queue is an injected live reference. */
@Service('bench-publisher', 'default')
class Publisher {
  public constructor(@InjectAdapter('queue') public readonly queue: Queue) {}
}

type Publish = () => Promise<unknown>;

/** Messages per second of `count` publishes, `CONCURRENCY` in flight. */
async function throughput(publish: Publish, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      next += 1;
      await publish();
    }
  }));
  return count / ((performance.now() - started) / 1_000);
}

/** The three subjects of one comparison, measured in the same rounds. */
interface Subjects {
  /** The adapter instance itself: its own cost. */
  readonly direct: Publish;
  /** The adapter through an application's live reference, as services call it. */
  readonly live: Publish;
  /** The raw client doing by hand what the adapter does. */
  readonly raw: Publish;
}

// Each subject runs first, second and third equally often across rounds.
const ORDERS: ReadonlyArray<ReadonlyArray<keyof Subjects>> = [
  ['direct', 'live', 'raw'], ['raw', 'direct', 'live'], ['live', 'raw', 'direct'],
  ['direct', 'raw', 'live'], ['live', 'direct', 'raw'], ['raw', 'live', 'direct'],
];

/** Runs the subjects in rotating order each round and reports median rates and median per-round ratios to raw. */
async function compare(label: string, subjects: Subjects, baselineName: string, betweenRuns: () => Promise<void>): Promise<boolean> {
  const rates: Record<keyof Subjects, number[]> = { direct: [], live: [], raw: [] };
  // One round first, not counted: JIT, connections, server-side queue creation.
  for (let round = -1; round < ROUNDS; round += 1) {
    const measured: Partial<Record<keyof Subjects, number>> = {};
    for (const name of ORDERS[(round + ORDERS.length) % ORDERS.length] ?? []) {
      measured[name] = await throughput(subjects[name], MESSAGES_PER_ROUND);
      await betweenRuns();
    }
    if (round >= 0) {
      for (const name of ['direct', 'live', 'raw'] as const) rates[name].push(measured[name] ?? Number.NaN);
    }
  }
  const rate = (values: number[]): string => `${Math.round(percentile(values, 50) ?? Number.NaN)} msg/s`;
  let allOk = true;
  for (const [name, how] of [['direct', 'adapter'], ['live', 'adapter via live reference']] as const) {
    const ratio = percentile(rates[name].map((value, round) => value / (rates.raw[round] ?? Number.NaN)), 50) ?? Number.NaN;
    const ok = ratio >= TARGET_RATIO;
    allOk &&= ok;
    console.log(`${label}, ${how}: ${rate(rates[name])} vs ${rate(rates.raw)} (${baselineName}) -> median per-round ratio ${ratio.toFixed(3)}x, target >= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'}`);
  }
  return allOk;
}

function newApp(provider: typeof RabbitMqQueue | typeof MqttQueue, settings: object): Oneiric {
  const app = new Oneiric({
    providerSettings: (candidate) => ({ plain: { ...settings }, path: `adapters.provider_settings.${candidate.provider}` }),
  });
  app.register(provider, Publisher);
  return app;
}

/** RabbitMQ: the adapter's publish (mandatory, persistent, message id, awaited confirm) vs the same by hand on a confirm channel. */
async function benchRabbitMq(): Promise<boolean> {
  const namePrefix = `bench_${process.pid}_`;
  const topic = 'publish';
  const settings = Object.assign(new RabbitMqQueueSettings(), { url: RABBITMQ_URL, namePrefix, groups: ['sink'] });
  const app = newApp(RabbitMqQueue, settings);
  const model = await connectAmqp(RABBITMQ_URL, { timeout: 2_000 });
  try {
    await app.start();
    const publisher = app.use<Publisher>('service', 'bench-publisher');
    // Declares the exchange and the sink group's queue the raw publisher also sends to.
    await publisher.queue.publish(topic, PAYLOAD);
    const channel = await model.createConfirmChannel();
    const exchange = `${namePrefix}${topic}`;
    const raw: Publish = async () => new Promise<void>((resolve, reject) => {
      channel.publish(exchange, '', PAYLOAD, { persistent: true, mandatory: true, messageId: randomUUID() }, (error: unknown) => (error ? reject(error) : resolve()));
    });
    const admin = await model.createChannel();
    const purge = async (): Promise<void> => {
      await admin.purgeQueue(`${exchange}.sink`);
    };
    const direct = new RabbitMqQueue(settings);
    await direct.init();
    const subjects = { direct: async () => direct.publish(topic, PAYLOAD), live: async () => publisher.queue.publish(topic, PAYLOAD), raw };
    const ok = await compare('rabbitmq publish with confirms', subjects, 'raw amqplib confirm channel', purge);
    await direct.cleanup();
    await admin.deleteQueue(`${exchange}.sink`);
    await admin.deleteQueue(`${exchange}.sink.dead`);
    await admin.deleteExchange(exchange);
    return ok;
  } finally {
    await app.close();
    await model.close().catch(() => undefined);
  }
}

/** MQTT: the adapter's QoS 1 publish (message id property, awaited PUBACK) vs the same with a raw mqtt.js client. */
async function benchMqtt(): Promise<boolean> {
  const topicPrefix = `bench/${process.pid}/`;
  const topic = 'publish';
  // A QoS 0 subscriber: the broker has someone to route to (no 0x10 refusal) and queues nothing.
  const sink = await connectMqtt(MQTT_URL, { protocolVersion: 5, connectTimeout: 2_000, reconnectPeriod: 0 });
  await sink.subscribeAsync(`${topicPrefix}${topic}`, { qos: 0 });
  const client = await connectMqtt(MQTT_URL, { protocolVersion: 5, connectTimeout: 2_000, reconnectPeriod: 0 });
  const settings = Object.assign(new MqttQueueSettings(), { url: MQTT_URL, topicPrefix, clientIdPrefix: `bench_${process.pid}_` });
  const app = newApp(MqttQueue, settings);
  const direct = new MqttQueue(settings);
  try {
    await app.start();
    const publisher = app.use<Publisher>('service', 'bench-publisher');
    const raw: Publish = async () => client.publishAsync(`${topicPrefix}${topic}`, PAYLOAD, { qos: 1, properties: { userProperties: { 'oneiric-id': randomUUID() } } });
    await direct.init();
    const subjects = { direct: async () => direct.publish(topic, PAYLOAD), live: async () => publisher.queue.publish(topic, PAYLOAD), raw };
    return await compare('mqtt QoS 1 publish', subjects, 'raw mqtt.js publishAsync', async () => undefined);
  } finally {
    await direct.cleanup();
    await app.close();
    await client.endAsync();
    await sink.endAsync();
  }
}

/**
 * Publish throughput of the queue adapters against the raw clients, `CONCURRENCY` publishes in
 * flight, alternating rounds. Returns whether every target was met; true, after saying so, when
 * a broker is not reachable.
 */
export async function runQueueAdaptersBench(): Promise<boolean> {
  console.log(`\n== bench/adapters (queues) == (${ROUNDS} rounds of ${MESSAGES_PER_ROUND} publishes per subject, ${CONCURRENCY} in flight, adapter, adapter via live reference and raw in rotating order; median rates and median per-round ratio; ${redactUrl(RABBITMQ_URL)}, ${redactUrl(MQTT_URL)})`);
  const results: boolean[] = [];
  for (const [name, bench] of [['RabbitMQ', benchRabbitMq], ['MQTT', benchMqtt]] as const) {
    try {
      results.push(await bench());
    } catch (error) {
      console.log(`${name} skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return results.every(Boolean);
}
