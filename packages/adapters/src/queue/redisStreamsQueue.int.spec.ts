import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRelay } from '../testing/tcpRelay.js';
import { promisify } from 'node:util';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { consumeAndAck, queueContract } from '../testing/queueContract.js';
import { RedisStreamsQueue } from './redisStreamsQueue.js';
import { RedisStreamsQueueSettings } from './redisStreamsQueueSettings.js';

const redis = await probeService('redis');
const run = promisify(execFile);

// A consumer in its own process: reads `count` messages as consumer `doomed`, prints their ids,
// then kills itself with SIGKILL, leaving them unacknowledged.
const DOOMED_CONSUMER = `
import { Redis } from 'ioredis';
const [url, stream, group, count] = process.argv.slice(1);
const client = new Redis(url);
const reply = await client.xreadgroup('GROUP', group, 'doomed', 'COUNT', count, 'STREAMS', stream, '>');
console.log(JSON.stringify((reply?.[0]?.[1] ?? []).map(([id]) => id)));
process.kill(process.pid, 'SIGKILL');
`;

describeWithService(redis, 'RedisStreamsQueue against a live Redis', () => {
  const streamPrefix = `${uniqueName('test:queue')}:`;
  const created: RedisStreamsQueue[] = [];
  async function newQueue(overrides: Partial<RedisStreamsQueueSettings> = {}): Promise<RedisStreamsQueue> {
    const queue = new RedisStreamsQueue(Object.assign(new RedisStreamsQueueSettings(), { url: redis.url, streamPrefix, claimIdleMs: 500 }, overrides));
    await queue.init();
    created.push(queue);
    return queue;
  }
  let queue: RedisStreamsQueue;
  beforeAll(async () => {
    queue = await newQueue();
  });
  afterAll(async () => {
    // Remove this run's streams, then close every connection.
    const { Redis } = await import('ioredis');
    const admin = new Redis(redis.url);
    const keys = await admin.keys(`${streamPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
    await Promise.all(created.map((each) => each.cleanup()));
  });

  describe('the queue contract', () => {
    queueContract(() => queue);
  });

  describe('when a consumer is killed with messages unacknowledged', () => {
    it('redelivers them to another consumer: none lost, none acknowledged twice', async () => {
      const topic = uniqueName('killed').replace(/[^A-Za-z0-9_-]/g, '_');
      const survivor = await newQueue();
      // Creates the group before anything is published, so the doomed consumer can read from it.
      expect(await survivor.receive(topic, { group: 'workers', consumer: 'survivor', waitMs: 0 })).toEqual([]);
      const published = new Set<string>();
      for (let index = 0; index < 20; index += 1) {
        published.add(await survivor.publish(topic, `job-${index}`));
      }
      const child = await run(process.execPath, ['--input-type=module', '-e', DOOMED_CONSUMER, redis.url, `${streamPrefix}${topic}`, 'workers', '10'])
        .then(() => { throw new Error('the doomed consumer was expected to be killed'); }, (error: { signal?: string; stdout?: string }) => error);
      expect(child.signal).toBe('SIGKILL');
      const takenByDead = JSON.parse(child.stdout ?? '[]') as string[];
      expect(takenByDead).toHaveLength(10);

      // ack() throws ackFailed for a message already acknowledged: none is acknowledged twice.
      const messages = await consumeAndAck(survivor, topic, 'workers', 'survivor', 20);
      const acknowledged = messages.map((message) => message.id);
      expect(new Set(acknowledged)).toEqual(published);
      expect(acknowledged).toHaveLength(20);
      expect(messages.filter((message) => message.redelivered).map((message) => message.id).sort()).toEqual([...takenByDead].sort());
      expect(await survivor.receive(topic, { group: 'workers', consumer: 'survivor', waitMs: 800 })).toEqual([]);
    });
  });

  describe('takeover of a dead consumer\'s messages behind many pending ones', () => {
    // Before the fix every receive ran XAUTOCLAIM from 0-0, which examines at most 10 x COUNT
    // pending entries: the 100 entries a live consumer keeps pending (not idle) came first every
    // time, so the dead consumer's 5 entries behind them were never taken over and every receive
    // returned [].
    it('reaches them: the XAUTOCLAIM cursor moves on instead of restarting from 0-0', async () => {
      const topic = uniqueName('deep').replace(/[^A-Za-z0-9_-]/g, '_');
      const stream = `${streamPrefix}${topic}`;
      const survivor = await newQueue({ claimIdleMs: 300 });
      expect(await survivor.receive(topic, { group: 'workers', consumer: 'survivor', waitMs: 0 })).toEqual([]);
      const { Redis } = await import('ioredis');
      const admin = new Redis(redis.url);
      try {
        for (let index = 0; index < 105; index += 1) {
          await survivor.publish(topic, `job-${index}`);
        }
        const live = await admin.xreadgroup('GROUP', 'workers', 'live', 'COUNT', '100', 'STREAMS', stream, '>') as Array<[string, Array<[string, string[]]>]>;
        const dead = await admin.xreadgroup('GROUP', 'workers', 'dead', 'COUNT', '5', 'STREAMS', stream, '>') as Array<[string, Array<[string, string[]]>]>;
        const liveIds = live[0]![1].map(([id]) => id);
        const deadIds = dead[0]![1].map(([id]) => id);
        await sleep(400);
        // The live consumer is working on its entries: their idle time starts again.
        await admin.xclaim(stream, 'workers', 'live', 0, ...liveIds, 'JUSTID');
        const taken = await survivor.receive(topic, { group: 'workers', consumer: 'survivor', max: 5, waitMs: 200 });
        expect(taken.map((message) => message.id).sort()).toEqual([...deadIds].sort());
        expect(taken.every((message) => message.redelivered)).toBe(true);
        await Promise.all(taken.map((message) => message.ack()));
      } finally {
        admin.disconnect();
      }
    });
  });

  describe('storage limits', () => {
    // Before the fix XADD had no MAXLEN (maxLength did not exist): the stream kept all 300 entries.
    it('trims a topic\'s stream to about maxLength entries (MAXLEN ~)', async () => {
      const topic = uniqueName('trim').replace(/[^A-Za-z0-9_-]/g, '_');
      const bounded = await newQueue({ maxLength: 10 } as Partial<RedisStreamsQueueSettings>);
      for (let index = 0; index < 300; index += 1) {
        await bounded.publish(topic, `m${index}`);
      }
      const { Redis } = await import('ioredis');
      const admin = new Redis(redis.url);
      try {
        const length = await admin.xlen(`${streamPrefix}${topic}`);
        // Approximate trimming removes whole macro nodes (100 entries by default).
        expect(length).toBeGreaterThanOrEqual(10);
        expect(length).toBeLessThanOrEqual(200);
      } finally {
        admin.disconnect();
      }
    });
  });

  describe('receive after the group was deleted behind the queue', () => {
    it('creates the group again once and delivers new messages; an ack of a message of the old group fails with AdapterError ackFailed (its pending entry is gone)', async () => {
      const topic = uniqueName('nogroup').replace(/[^A-Za-z0-9_-]/g, '_');
      await queue.publish(topic, 'before');
      const [old] = await queue.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
      const { Redis } = await import('ioredis');
      const admin = new Redis(redis.url);
      try {
        await admin.xgroup('DESTROY', `${streamPrefix}${topic}`, 'workers');
      } finally {
        admin.disconnect();
      }
      const late = old!.ack();
      await expect(late).rejects.toBeInstanceOf(AdapterError);
      await expect(late).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      const again = await queue.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
      // Recreated from the stream's start: the earlier message is delivered again, as to a new group.
      expect(again.map((message) => message.data.toString())).toEqual(['before']);
      await again[0]!.ack();
    });
  });

  describe('failures of the server or the connection', () => {
    function newTopic(): string {
      return uniqueName('fail').replace(/[^A-Za-z0-9_-]/g, '_');
    }

    it('fails publish and receive on a topic whose key holds a string with AdapterError invalidData, keeping the WRONGTYPE reply as cause (another program wrote under the stream\'s key)', async () => {
      const topic = newTopic();
      const { Redis } = await import('ioredis');
      const admin = new Redis(redis.url);
      try {
        await admin.set(`${streamPrefix}${topic}`, 'not a stream');
        const publishing = queue.publish(topic, 'job');
        await expect(publishing).rejects.toBeInstanceOf(AdapterError);
        await expect(publishing).rejects.toMatchObject({
          kind: AdapterErrorKind.invalidData,
          cause: expect.objectContaining({ name: 'ReplyError', message: expect.stringMatching(/^WRONGTYPE/) }),
        });
        const receiving = queue.receive(topic, { group: 'workers', consumer: 'one', waitMs: 0 });
        await expect(receiving).rejects.toMatchObject({
          kind: AdapterErrorKind.invalidData,
          cause: expect.objectContaining({ name: 'ReplyError', message: expect.stringMatching(/^WRONGTYPE/) }),
        });
      } finally {
        await admin.del(`${streamPrefix}${topic}`);
        admin.disconnect();
      }
    });

    it('fails a command whose reply does not come within commandTimeoutMs with AdapterError timeout, keeping ioredis\'s "Command timed out" as cause (the relay holds the reply back)', async () => {
      const topic = newTopic();
      const relay = await startRelay(redis.url);
      try {
        const slow = await newQueue({ url: relay.url, commandTimeoutMs: 100 });
        await slow.publish(topic, 'first');
        relay.freeze();
        const attempt = slow.publish(topic, 'second');
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.timeout, cause: expect.objectContaining({ message: 'Command timed out' }) });
        await slow.cleanup();
      } finally {
        await relay.close();
      }
    });

    it('fails a command while the connection is down with AdapterError connectionFailed, keeping ioredis\'s "Stream isn\'t writeable" error as cause (commands are not queued while it reconnects)', async () => {
      const topic = newTopic();
      const relay = await startRelay(redis.url);
      try {
        const cut = await newQueue({ url: relay.url });
        await cut.publish(topic, 'first');
        relay.cut();
        // The relay refuses reconnections: wait until the client noticed the connection is gone.
        const deadline = Date.now() + 5_000;
        while (await cut.health()) {
          if (Date.now() > deadline) throw new Error('the client did not notice the cut connection');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const attempt = cut.publish(topic, 'second');
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed, cause: expect.objectContaining({ message: expect.stringMatching(/^Stream isn't writeable/) }) });
        await cut.cleanup();
      } finally {
        await relay.close();
      }
    });
  });

  describe('ack and nack', () => {
    const fastClaim = { claimIdleMs: 100 };
    function newTopic(): string {
      return uniqueName('settle').replace(/[^A-Za-z0-9_-]/g, '_');
    }

    it('refuses a slow consumer\'s ack with AdapterError ackFailed once another consumer took the message over, and accepts the new owner\'s ack', async () => {
      const topic = newTopic();
      const slow = await newQueue(fastClaim);
      const fast = await newQueue(fastClaim);
      await slow.publish(topic, 'job');
      const [held] = await slow.receive(topic, { group: 'workers', consumer: 'slow', waitMs: 1_000 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const [taken] = await fast.receive(topic, { group: 'workers', consumer: 'fast', waitMs: 1_000 });
      expect(taken?.id).toBe(held?.id);
      expect(taken?.redelivered).toBe(true);
      // The slow consumer's claim is gone: acknowledging would settle a message it no longer holds.
      const late = held!.ack();
      await expect(late).rejects.toBeInstanceOf(AdapterError);
      await expect(late).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      await expect(taken!.ack()).resolves.toBeUndefined();
    });

    it('refuses a slow consumer\'s nack with AdapterError ackFailed once another consumer took the message over (it must not take the message back)', async () => {
      const topic = newTopic();
      const slow = await newQueue(fastClaim);
      const fast = await newQueue(fastClaim);
      await slow.publish(topic, 'job');
      const [held] = await slow.receive(topic, { group: 'workers', consumer: 'slow', waitMs: 1_000 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const [taken] = await fast.receive(topic, { group: 'workers', consumer: 'fast', waitMs: 1_000 });
      const late = held!.nack();
      await expect(late).rejects.toBeInstanceOf(AdapterError);
      await expect(late).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      await expect(taken!.ack()).resolves.toBeUndefined();
    });

    it('refuses a nack after an ack with AdapterError ackFailed (an acknowledged message cannot be given back)', async () => {
      const topic = newTopic();
      await queue.publish(topic, 'job');
      const [message] = await queue.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
      await message!.ack();
      const late = message!.nack();
      await expect(late).rejects.toBeInstanceOf(AdapterError);
      await expect(late).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
    });

    it('refuses an ack after a nack with AdapterError ackFailed, while the redelivery can be acknowledged (the given-back delivery is superseded)', async () => {
      const topic = newTopic();
      await queue.publish(topic, 'job');
      const [first] = await queue.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
      await first!.nack();
      const stale = first!.ack();
      await expect(stale).rejects.toBeInstanceOf(AdapterError);
      await expect(stale).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      const [again] = await queue.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
      expect(again?.id).toBe(first?.id);
      expect(again?.redelivered).toBe(true);
      await expect(again!.ack()).resolves.toBeUndefined();
    });

    it('refuses the first delivery\'s ack with AdapterError ackFailed when the same consumer took its own message over (only the newest delivery counts)', async () => {
      const topic = newTopic();
      const consumer = await newQueue(fastClaim);
      await consumer.publish(topic, 'job');
      const [first] = await consumer.receive(topic, { group: 'workers', consumer: 'same', waitMs: 1_000 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const [second] = await consumer.receive(topic, { group: 'workers', consumer: 'same', waitMs: 1_000 });
      expect(second?.id).toBe(first?.id);
      const stale = first!.ack();
      await expect(stale).rejects.toBeInstanceOf(AdapterError);
      await expect(stale).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      await expect(second!.ack()).resolves.toBeUndefined();
    });
  });
});
