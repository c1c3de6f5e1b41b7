import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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
});
