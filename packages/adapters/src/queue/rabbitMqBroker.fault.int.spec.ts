// Fault tests: kills a RabbitMQ consumer mid-message and restarts the machine's RabbitMQ under
// publish load. Runs alone (the serial `npm run test:fault` pass) so no other suite loses its broker.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startRabbitMq, stopRabbitMq } from '../testing/brokerProcesses.js';
import { deleteRabbitMqNames } from '../testing/rabbitMqCleanup.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { runLoad } from '../testing/runLoad.js';
import type { QueueMessage } from './queue.js';
import { RabbitMqQueue } from './rabbitMqQueue.js';
import { RabbitMqQueueSettings } from './rabbitMqQueueSettings.js';

const rabbitmq = await probeService('rabbitmq');
const run = promisify(execFile);
// The children import packages/adapters/dist: `npm test` builds it first (tsc --build).
const DIST = new URL('../../dist/index.js', import.meta.url).href;

// A worker in its own process, using the adapter: acknowledges `ackCount` messages, then is
// killed (SIGKILL) while it holds the next one, unacknowledged: mid-message.
const DOOMED_WORKER = `
const [dist, url, namePrefix, topic, ackCount] = process.argv.slice(1);
const { RabbitMqQueue, RabbitMqQueueSettings } = await import(dist);
const queue = new RabbitMqQueue(Object.assign(new RabbitMqQueueSettings(), { url, namePrefix }));
await queue.init();
const acked = [];
for (;;) {
  for (const message of await queue.receive(topic, { group: 'workers', consumer: 'doomed', max: 5, waitMs: 1000 })) {
    if (acked.length === Number(ackCount)) {
      console.log(JSON.stringify({ acked, held: message.id }));
      process.kill(process.pid, 'SIGKILL');
    }
    await message.ack();
    acked.push(message.id);
  }
}
`;

function newName(prefix: string): string {
  return uniqueName(prefix).replace(/[^A-Za-z0-9_-]/g, '_');
}

async function drain(queue: RabbitMqQueue, topic: string, group: string): Promise<QueueMessage[]> {
  const received: QueueMessage[] = [];
  for (;;) {
    const batch = await queue.receive(topic, { group, consumer: 'drain', max: 100, waitMs: 1_000 });
    if (batch.length === 0) {
      return received;
    }
    for (const message of batch) {
      await message.ack();
      received.push(message);
    }
  }
}

describeWithService(rabbitmq, 'RabbitMqQueue under faults', () => {
  const namePrefix = `${newName('fault')}_`;
  const created: RabbitMqQueue[] = [];
  async function newQueue(overrides: Partial<RabbitMqQueueSettings> = {}): Promise<RabbitMqQueue> {
    const queue = new RabbitMqQueue(Object.assign(new RabbitMqQueueSettings(), { url: rabbitmq.url, namePrefix, connectTimeoutMs: 1_000, requestTimeoutMs: 2_000 }, overrides));
    await queue.init();
    created.push(queue);
    return queue;
  }
  afterAll(async () => {
    // Whatever happened above, the machine's RabbitMQ is left running.
    await startRabbitMq(rabbitmq.url);
    await Promise.all(created.map(async (queue) => queue.cleanup().catch(() => undefined)));
    await deleteRabbitMqNames(rabbitmq.url, namePrefix);
  }, 120_000);

  it('redelivers the message a killed consumer held mid-message: 0 lost', async () => {
    const topic = newName('killed');
    const survivor = await newQueue({ groups: ['workers'] });
    const published = new Set<string>();
    for (let index = 0; index < 50; index += 1) {
      published.add(await survivor.publish(topic, `job-${index}`));
    }
    const child = await run(process.execPath, ['--input-type=module', '-e', DOOMED_WORKER, DIST, rabbitmq.url, namePrefix, topic, '20'])
      .then(() => { throw new Error('the doomed worker was expected to be killed'); }, (error: { signal?: string; stdout?: string }) => error);
    expect(child.signal).toBe('SIGKILL');
    const { acked, held } = JSON.parse(child.stdout ?? '{}') as { acked: string[]; held: string };
    expect(acked).toHaveLength(20);
    const rest = await drain(survivor, topic, 'workers');
    expect(rest.find((message) => message.id === held)?.redelivered).toBe(true);
    // At least once: every message was acknowledged by one of the two (an ack the child had not
    // flushed when it died may bring a message back to the survivor as well).
    expect(new Set([...acked, ...rest.map((message) => message.id)])).toEqual(published);
  }, 60_000);

  it('reconnects after the broker restarts under publish load: no confirmed message is lost', async () => {
    const topic = newName('restart');
    const publisher = await newQueue({ groups: ['audit'] });
    const confirmed = new Set<string>();
    let stopped = false;
    const load = runLoad(8, 180_000, async (worker, iteration) => {
      try {
        confirmed.add(await publisher.publish(topic, `${worker}-${iteration}`));
      } catch (error) {
        // While the broker is down every call fails at once: do not spin.
        await sleep(50);
        throw error;
      }
    }, () => stopped);
    let failures = 0;
    try {
      while (confirmed.size < 300) await sleep(20);
      await stopRabbitMq(rabbitmq.url);
      const whileDown = confirmed.size;
      await startRabbitMq(rabbitmq.url);
      const deadline = Date.now() + 30_000;
      while (confirmed.size < whileDown + 300) {
        if (Date.now() > deadline) throw new Error('publishing did not resume within 30 s of the broker accepting connections again');
        await sleep(20);
      }
    } finally {
      stopped = true;
      failures = (await load).failures.length;
      await startRabbitMq(rabbitmq.url);
    }
    expect(failures).toBeGreaterThan(0);
    const consumer = await newQueue();
    const received = new Set((await drain(consumer, topic, 'audit')).map((message) => message.id));
    expect([...confirmed].filter((id) => !received.has(id))).toEqual([]);
  }, 240_000);
});
