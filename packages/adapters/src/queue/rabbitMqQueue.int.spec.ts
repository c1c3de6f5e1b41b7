import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { deleteRabbitMqNames } from '../testing/rabbitMqCleanup.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { consumeAndAck, queueContract, receiveAll } from '../testing/queueContract.js';
import { RabbitMqQueue } from './rabbitMqQueue.js';
import { RabbitMqQueueSettings } from './rabbitMqQueueSettings.js';

const rabbitmq = await probeService('rabbitmq');
const run = promisify(execFile);

// A consumer in its own process: takes `count` messages of the group's queue without acking,
// prints their message ids, then kills itself with SIGKILL (its connection dies with it).
const DOOMED_CONSUMER = `
import { connect } from 'amqplib';
const [url, queue, count] = process.argv.slice(1);
const model = await connect(url);
const channel = await model.createChannel();
await channel.prefetch(Number(count));
const ids = [];
await new Promise((resolve) => channel.consume(queue, (message) => { ids.push(message.properties.messageId); if (ids.length === Number(count)) resolve(); }));
console.log(JSON.stringify(ids));
process.kill(process.pid, 'SIGKILL');
`;

function newTopic(prefix: string): string {
  return uniqueName(prefix).replace(/[^A-Za-z0-9_-]/g, '_');
}

describeWithService(rabbitmq, 'RabbitMqQueue against a live RabbitMQ', () => {
  const namePrefix = `${newTopic('t')}_`;
  const created: RabbitMqQueue[] = [];
  async function newQueue(overrides: Partial<RabbitMqQueueSettings> = {}): Promise<RabbitMqQueue> {
    // The contract publishes before its groups g, a and b received: they are declared groups.
    const queue = new RabbitMqQueue(Object.assign(new RabbitMqQueueSettings(), { url: rabbitmq.url, namePrefix, groups: ['g', 'a', 'b', 'workers'] }, overrides));
    await queue.init();
    created.push(queue);
    return queue;
  }
  let queue: RabbitMqQueue;
  beforeAll(async () => {
    queue = await newQueue();
  });
  afterAll(async () => {
    await Promise.all(created.map(async (each) => each.cleanup()));
    await deleteRabbitMqNames(rabbitmq.url, namePrefix);
  });

  describe('the queue contract (classic queues)', () => {
    queueContract(() => queue);
  });

  describe('the queue contract (quorum queues)', () => {
    let quorum: RabbitMqQueue;
    beforeAll(async () => {
      quorum = await newQueue({ queueType: 'quorum', namePrefix: `${namePrefix}q_` });
    });
    queueContract(() => quorum);
  });

  describe('when the broker cannot be reached', () => {
    it('fails init with AdapterError connectionFailed (nothing listens on port 1), without the password in the message', async () => {
      const unreachable = new RabbitMqQueue(Object.assign(new RabbitMqQueueSettings(), { url: 'amqp://app:s3cret@127.0.0.1:1', connectTimeoutMs: 300 }));
      const attempt = unreachable.init();
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
      expect(await attempt.catch((error: Error) => error.message)).not.toContain('s3cret');
    });
  });

  describe('publish that no group would receive', () => {
    // RabbitMQ drops a message no queue is bound to; the adapter publishes it mandatory and
    // reports the return as queryFailed instead of claiming it was delivered.
    it('fails with AdapterError queryFailed', async () => {
      const lonely = await newQueue({ groups: [] });
      await expect(lonely.publish(newTopic('lonely'), 'x')).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed });
    });
  });

  describe('before init and after cleanup', () => {
    it('fails with AdapterError notReady', async () => {
      const idle = new RabbitMqQueue(Object.assign(new RabbitMqQueueSettings(), { url: rabbitmq.url, namePrefix }));
      await expect(idle.publish('x', 'y')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });

  describe('when a consumer is killed with messages unacknowledged', () => {
    it('redelivers them to another consumer of the group: none lost, each acknowledged once', async () => {
      const topic = newTopic('killed');
      const survivor = await newQueue();
      const published = new Set<string>();
      for (let index = 0; index < 20; index += 1) {
        published.add(await survivor.publish(topic, `job-${index}`));
      }
      const child = await run(process.execPath, ['--input-type=module', '-e', DOOMED_CONSUMER, rabbitmq.url, `${namePrefix}${topic}.workers`, '10'])
        .then(() => { throw new Error('the doomed consumer was expected to be killed'); }, (error: { signal?: string; stdout?: string }) => error);
      expect(child.signal).toBe('SIGKILL');
      const takenByDead = JSON.parse(child.stdout ?? '[]') as string[];
      expect(takenByDead).toHaveLength(10);
      const messages = await consumeAndAck(survivor, topic, 'workers', 'survivor', 20);
      expect(new Set(messages.map((message) => message.id))).toEqual(published);
      expect(messages).toHaveLength(20);
      expect(messages.filter((message) => message.redelivered).map((message) => message.id).sort()).toEqual([...takenByDead].sort());
      expect(await survivor.receive(topic, { group: 'workers', consumer: 'survivor', waitMs: 300 })).toEqual([]);
    });
  });

  describe.each(['classic', 'quorum'] as const)('dead-lettering on a %s queue', (queueType) => {
    it('moves a message nacked maxDeliveries times to the group\'s dead-letter queue (a failing handler cannot loop forever)', async () => {
      const topic = newTopic('poison');
      const limited = await newQueue({ maxDeliveries: 2, queueType, namePrefix: `${namePrefix}${queueType}_` });
      const id = await limited.publish(topic, 'poison');
      const [first] = await receiveAll(limited, topic, 'g', 'c', 1);
      await first!.nack();
      const [second] = await receiveAll(limited, topic, 'g', 'c', 1);
      expect(second?.id).toBe(id);
      expect(second?.redelivered).toBe(true);
      await second!.nack();
      expect(await limited.receive(topic, { group: 'g', consumer: 'c', waitMs: 300 })).toEqual([]);
      const { connect } = await import('amqplib');
      const admin = await connect(rabbitmq.url);
      try {
        const channel = await admin.createChannel();
        const dead = await channel.get(`${namePrefix}${queueType}_${topic}.g.dead`, { noAck: true });
        expect(dead === false ? undefined : dead.properties.messageId).toBe(id);
      } finally {
        await admin.close();
      }
    });
  });

  describe('a message received on a connection that was lost', () => {
    it('cannot be acknowledged (AdapterError ackFailed) and comes back to the group', async () => {
      const topic = newTopic('lost');
      const fragile = await newQueue();
      await fragile.publish(topic, 'job');
      const [message] = await receiveAll(fragile, topic, 'g', 'c', 1);
      await fragile.cleanup();
      await expect(message!.ack()).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      const [again] = await receiveAll(queue, topic, 'g', 'other', 1);
      expect(again?.id).toBe(message?.id);
      expect(again?.redelivered).toBe(true);
      await again!.ack();
    });
  });
});
